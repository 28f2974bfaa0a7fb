import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, createWeCom, silentLogger } from '@wxkit/core';
import { DEMO_WECOM } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../src/index.js';

const stats = async (emu: Emulator) =>
  (await (await emu.fetch('/_emulator/stats')).json()) as { calls: Record<string, number> };

describe('--persist: an emulator you can restart', () => {
  it('keeps tokens, tickets, menus, the inbox, the journal and the clock across a restart', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'emu-persist-')), 'state.json');
    let emu = await createEmulator({ persist: file });
    // The app keeps its token and tickets in a store that outlives the emulator (Redis in the README's setup).
    const wecom = createWeCom({
      ...DEMO_WECOM,
      store: createMemoryStore(),
      fetch: (...args) => emu.fetch(...args),
      env: { WXKIT_EMULATOR_HOST: 'emulator.local' },
      logger: silentLogger,
    });
    await wecom.jssdk.config({ url: 'http://localhost:3000/', jsApiList: [] });
    await wecom.menu.create({ button: [{ type: 'click', name: '结果', key: 'RESULTS' }] });
    await wecom.messages.send({ touser: ['zhangsan'], text: { content: '你好' } });
    emu.advance(3600);
    const before = emu.now();
    const fetched = (await stats(emu)).calls['/cgi-bin/gettoken'];
    expect(fetched).toBe(1);
    await emu.close();

    emu = await createEmulator({ persist: file });
    // The restarted emulator still knows the token the app holds: no new gettoken, no 40014 (and the counters
    // carry on from before the restart).
    expect((await wecom.users.get('zhangsan')).name).toBe('张三');
    expect((await stats(emu)).calls['/cgi-bin/gettoken']).toBe(fetched);
    expect(await wecom.menu.get()).toMatchObject({ button: [{ key: 'RESULTS' }] });
    const state = (await (await emu.fetch('/_emulator/state')).json()) as {
      inbox: { body: { text?: unknown } }[];
    };
    expect(state.inbox[0]?.body.text).toEqual({ content: '你好' });
    const journal = (await (await emu.fetch('/_emulator/journal')).json()) as { entries: { path: string }[] };
    expect(journal.entries.map((e) => e.path)).toContain('/cgi-bin/get_jsapi_ticket');
    expect(emu.now()).toBeGreaterThanOrEqual(before);
    await emu.close();
  });

  it('starts from the seed when the file is torn or not its own, and leaves a half-written temp file alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emu-persist-'));
    const file = join(dir, 'state.json');
    await writeFile(file, '{"version":1,"seed":');
    await writeFile(`${file}.123.tmp`, 'half a write');
    const emu = await createEmulator({ persist: file });
    expect(
      (await (await emu.fetch('/cgi-bin/gettoken?corpid=x&corpsecret=y')).json()) as object,
    ).toMatchObject({
      errcode: 40013,
    });
    await emu.close();
    const saved = JSON.parse(await readFile(file, 'utf8')) as { version: number; seed: { wecom: unknown[] } };
    expect(saved.version).toBe(1);
    expect(saved.seed.wecom.length).toBeGreaterThan(0);
  });
});
