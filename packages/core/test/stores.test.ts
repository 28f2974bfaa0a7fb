import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileStore, createMemoryStore, createWeCom } from '../src/index.js';
import { fakeWeCom, weComOptions } from './helpers/fake-platform.js';

describe('file store', () => {
  it('keeps values across a restart and expires them by the clock', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'wxkit-')), 'nested', 'tokens.json');
    let now = 1000;
    const first = createFileStore({ path, clock: () => now });
    await first.set('k', 'v', 5000);
    const second = createFileStore({ path, clock: () => now });
    expect(await second.get('k')).toBe('v');
    now += 5000;
    expect(await second.get('k')).toBeUndefined();
  });

  it('starts empty from a corrupt file and rewrites it whole', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'wxkit-')), 'tokens.json');
    await writeFile(path, '{"half":');
    const store = createFileStore({ path });
    expect(await store.get('half')).toBeUndefined();
    await store.set('a', '1', 60_000);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ a: { value: '1' } });
  });
});

describe('memory store lock', () => {
  it('lets one holder in at a time and hands over on release', async () => {
    const store = createMemoryStore();
    const first = await store.lock?.('L', { ttlMs: 10_000, waitMs: 0 });
    expect(first).toBeDefined();
    expect(await store.lock?.('L', { ttlMs: 10_000, waitMs: 0 })).toBeUndefined();
    const waiting = store.lock?.('L', { ttlMs: 10_000, waitMs: 2000 });
    await first?.release();
    expect(await waiting).toBeDefined();
  });

  it('never releases a lock that ran out and went to another holder, nor twice', async () => {
    let now = 1000;
    const store = createMemoryStore({ clock: () => now });
    const slow = await store.lock?.('L', { ttlMs: 100, waitMs: 0 });
    now += 101;
    const next = await store.lock?.('L', { ttlMs: 10_000, waitMs: 0 });
    expect(next).toBeDefined();
    // The slow holder finishes late: the lock is the next holder's, and stays held.
    await slow?.release();
    expect(await store.lock?.('L', { ttlMs: 10_000, waitMs: 0 })).toBeUndefined();
    await next?.release();
    const third = await store.lock?.('L', { ttlMs: 10_000, waitMs: 0 });
    expect(third).toBeDefined();
    await next?.release();
    expect(await store.lock?.('L', { ttlMs: 10_000, waitMs: 0 })).toBeUndefined();
    await third?.release();
  });
});

describe('file store lock', () => {
  it('lets clients sharing one file store in a process fetch a token once', async () => {
    const store = createFileStore({ path: join(await mkdtemp(join(tmpdir(), 'wxkit-fs-')), 'tokens.json') });
    const platform = fakeWeCom();
    const clients = [1, 2, 3].map(() => createWeCom(weComOptions(platform, { store })));
    await Promise.all(clients.map((c) => c.getAccessToken()));
    expect(platform.count('/cgi-bin/gettoken')).toBe(1);
  });
});
