import { createMemoryStore } from '@wxkit/core';
import { createSuite } from '@wxkit/core/provider';
import { createWxServer } from '@wxkit/server';
import { describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../src/index.js';
import { AES, CORP1, CORP2, HOST, PROVIDER, SUITE, SUITE_SECRET, TOKEN } from './provider-support.js';

// The two halves built apart — the emulator's data pushes (wecom/provider/data-events.ts) and the server kit's
// per-corp data route ({prefix}/events/{corpId}) — meeting: the URL check, an event per corp, and the corp id on it.

const ORIGIN = 'http://localhost:3000';
const post = (emu: Emulator, path: string, body: Record<string, unknown>) =>
  emu.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function installedWorld() {
  let emu: Emulator | undefined;
  const fetchEmu = ((input: string | URL | Request, init?: RequestInit) =>
    (emu as Emulator).fetch(input, init)) as typeof fetch;
  const store = createMemoryStore();
  const suite = createSuite({
    suiteId: SUITE,
    suiteSecret: SUITE_SECRET,
    sealSecret: 'seal-secret-0123456789abcdef0123456789',
    fetch: fetchEmu,
    hosts: { qyapi: HOST, open: HOST, work: HOST, login: HOST },
    store,
  });
  const wx = createWxServer({
    suite,
    store,
    prefix: '/isv/wx',
    commands: { token: TOKEN, encodingAESKey: AES, providerCorpId: PROVIDER },
    callback: { token: TOKEN, encodingAESKey: AES },
    session: { secret: 'a-test-secret-that-is-long-enough-0123' },
    publicUrl: ORIGIN,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const seen: { type: string; corpId: string | undefined; from: string | undefined }[] = [];
  wx.on('*', (event) => {
    const e = event as { type: string; corpId?: string; fromUserName?: string; from?: string };
    seen.push({ type: e.type, corpId: e.corpId, from: e.fromUserName ?? e.from });
  });
  emu = await createEmulator({
    appFetch: async (input, init) =>
      (await wx.handle(new Request(String(input instanceof Request ? input.url : input), init))) ??
      new Response('not the kit', { status: 599 }),
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
