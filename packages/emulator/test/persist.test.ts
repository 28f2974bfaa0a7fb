import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, createWeCom, silentLogger } from '@wxkit/core';
import { DEMO_WECOM } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../src/index.js';
import { NOT_PERSISTED, PERSISTED, restore, snapshot } from '../src/persist.js';
import { defaultSeed } from '../src/seed.js';
import { World } from '../src/world.js';

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

describe('what --persist saves', () => {
  it('lists every collection and counter of the World, or says why one is left out', () => {
    const world = new World(defaultSeed(), () => 0);
    const listed = new Set<string>([
      ...PERSISTED.maps,
      ...PERSISTED.rings,
      ...PERSISTED.counters,
      ...PERSISTED.records,
      ...NOT_PERSISTED,
    ]);
    const unlisted = Object.keys(world).filter((key) => !listed.has(key));
    expect(unlisted).toEqual([]);
  });

  it('brings back every listed collection and counter after a snapshot', () => {
    const world = new World(defaultSeed(), () => 0);
    for (const key of PERSISTED.maps) (world[key] as Map<string, unknown>).set(`k-${key}`, { v: key });
    for (const key of PERSISTED.rings) (world[key] as { push(...items: unknown[]): void }).push({ v: key });
    for (const key of PERSISTED.counters) world[key] = 7;
    for (const key of PERSISTED.records) world[key]['x'] = 3;
    const back = restore(JSON.parse(snapshot(world, 0)), world.seed, () => 0);
    for (const key of PERSISTED.maps)
      expect((back[key] as Map<string, unknown>).get(`k-${key}`), key).toEqual({ v: key });
    for (const key of PERSISTED.rings) expect(back[key].toArray(), key).toEqual([{ v: key }]);
    for (const key of PERSISTED.counters) expect(back[key], key).toBe(7);
    for (const key of PERSISTED.records) expect(back[key]['x'], key).toBe(3);
  });
});
