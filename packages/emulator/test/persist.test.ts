import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, createWeCom, silentLogger } from '@wxkit/core';
import { DEMO_WECOM } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { FEATURE_STATES } from '../src/features.js';
import { createEmulator, type Emulator } from '../src/index.js';
import { parseSnapshot, restore, snapshot } from '../src/persist.js';
import { defaultSeed } from '../src/seed.js';
import { credentials } from '../src/tokens.js';
import { defineState, World } from '../src/world.js';

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
    expect(saved.version).toBe(2);
    expect(saved.seed.wecom.length).toBeGreaterThan(0);
  });
});

describe('what --persist saves', () => {
  it('saves every collection a feature declares, with no list to update', () => {
    // A feature the emulator has never heard of: declaring its collections is all it takes.
    const extra = defineState('test-extra', (store) => ({
      notes: store.map<string, { v: number }>('testNotes', 10),
      log: store.ring<string>('testLog', 10),
      count: store.counter('testCount'),
    }));
    const world = new World(defaultSeed(), () => 0, {}, FEATURE_STATES);
    extra.of(world).notes.set('a', { v: 1 });
    extra.of(world).log.push('first');
    extra.of(world).count.next();
    const back = restore(JSON.parse(snapshot(world, 0)), world.seed, () => 0);
    expect(extra.of(back).notes.get('a')).toEqual({ v: 1 });
    expect(extra.of(back).log.toArray()).toEqual(['first']);
    expect(extra.of(back).count.value).toBe(1);
  });

  it('names every collection of every feature in the stats and the snapshot', () => {
    const world = new World(defaultSeed(), () => 0, {}, FEATURE_STATES);
    const saved = JSON.parse(snapshot(world, 0)) as { state: Record<string, unknown> };
    expect(Object.keys(saved.state).sort()).toEqual(Object.keys(world.sizes()).sort());
    for (const name of ['tokens', 'codes', 'inbox', 'qrcodes', 'deliveries', 'media', 'oaServers'])
      expect(Object.keys(saved.state)).toContain(name);
  });

  it('reads a file written before the store (version 1), tokens included', () => {
    const token = { value: 'T1', platform: 'wecom', owner: 'c', kind: 'access_token', expiresAt: 9e15 };
    const old = JSON.stringify({ version: 1, offsetMs: 5000, seed: defaultSeed(), tokens: [token], sent: 4 });
    const parsed = parseSnapshot(old);
    expect(parsed?.offsetMs).toBe(5000);
    const world = restore(parsed as NonNullable<typeof parsed>, defaultSeed(), () => 0, FEATURE_STATES);
    expect(credentials.of(world).tokens.get('T1')).toEqual(token);
    expect(credentials.of(world).tokensOf('wecom', 'c', 'access_token')).toEqual([token]);
  });
});
