import { describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { serverWorld } from './provider-server-world.js';
import { CORP1, CORP2, SUITE } from './provider-support.js';

// The two halves built apart — the emulator's data pushes (wecom/provider/data-events.ts) and the server kit's
// per-corp data route ({prefix}/events/{corpId}) — meeting: the URL check, an event per corp, and the corp id on it.

const post = (emu: Emulator, path: string, body: Record<string, unknown>) =>
  emu.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function installedWorld() {
  const { emu, suite, wx } = await serverWorld({ dataCallback: true });
  const seen: { type: string; corpId: string | undefined }[] = [];
  wx.on('*', (event) => {
    const e = event as { type: string; corpId?: string };
    seen.push({ type: e.type, corpId: e.corpId });
  });
  await emu.fetch('/_emulator/providers');
  for (let i = 0; i < 200 && !(await suite.tickets.peek()); i++) await new Promise((r) => setTimeout(r, 5));
  for (const corpId of [CORP1, CORP2]) {
    // Two app-market installs a moment apart: the second create_auth arrives while the first is being spent.
    await post(emu, '/_emulator/providers/install', { suiteId: SUITE, corpId });
  }
  for (let i = 0; i < 200 && (await suite.tenants.list()).tenants.length < 2; i++)
    await new Promise((r) => setTimeout(r, 5));
  return { emu, suite, seen };
}

describe("the emulator's data pushes reach the server kit's per-corp data route", () => {
  it("passes the data URL check, then delivers each corp's event with that corp on it", async () => {
    const { emu, suite, seen } = await installedWorld();
    try {
      expect((await suite.tenants.list()).tenants.map((t) => t.corpId).sort()).toEqual([CORP1, CORP2].sort());
      const check = (await (
        await post(emu, '/_emulator/providers/verify', { suiteId: SUITE, which: 'data' })
      ).json()) as {
        ok: boolean;
      };
      expect(check.ok).toBe(true);

      for (const corpId of [CORP1, CORP2]) {
        const sent = (await (
          await post(emu, '/_emulator/providers/event', {
            suiteId: SUITE,
            corpId,
            type: 'enter_agent',
            userid: 'zhangsan',
          })
        ).json()) as { status: number };
        expect(sent.status).toBe(200);
      }
      const entered = seen.filter((e) => e.type !== 'installed' && e.type !== 'ticket');
      expect(entered.map((e) => e.corpId)).toEqual([CORP1, CORP2]);
    } finally {
      await emu.close();
    }
  });

  it("stops delivering a corp's events once it cancelled: the emulator refuses, and the kit would too", async () => {
    const { emu, suite, seen } = await installedWorld();
    try {
      await post(emu, '/_emulator/providers/cancel', { suiteId: SUITE, corpId: CORP2 });
      for (let i = 0; i < 100 && (await suite.tenants.get(CORP2)); i++)
        await new Promise((r) => setTimeout(r, 5));
      const refused = await post(emu, '/_emulator/providers/event', {
        suiteId: SUITE,
        corpId: CORP2,
        type: 'enter_agent',
      });
      expect(refused.status).toBe(404);
      expect(seen.filter((e) => e.corpId === CORP2 && e.type === 'enter_agent')).toEqual([]);
    } finally {
      await emu.close();
    }
  });
});
