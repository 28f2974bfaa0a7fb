import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileStore, createMemoryStore, type Store } from '../src/index.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const kinds: [string, (clock: () => number) => Promise<Store>][] = [
  ['memory', async (clock) => createMemoryStore({ clock })],
  [
    'file',
    async (clock) => {
      const dir = await mkdtemp(join(tmpdir(), 'wxkit-cad-'));
      dirs.push(dir);
      return createFileStore({ path: join(dir, 'store.json'), clock });
    },
  ],
];

describe.each(kinds)('%s store compareAndDelete', (_, make) => {
  it('deletes only the expected value and says whether it did', async () => {
    const store = await make(Date.now);
    await store.set('k', 'new', 60_000);
    expect(await store.compareAndDelete('k', 'old')).toBe(false);
    expect(await store.get('k')).toBe('new');
    expect(await store.compareAndDelete('k', 'new')).toBe(true);
    expect(await store.get('k')).toBeUndefined();
    expect(await store.compareAndDelete('k', 'new')).toBe(false);
  });

  it('does not match an expired value', async () => {
    let now = 1_700_000_000_000;
    const store = await make(() => now);
    await store.set('k', 'v', 1000);
    now += 1001;
    expect(await store.compareAndDelete('k', 'v')).toBe(false);
  });

  it('lets exactly one of many concurrent compare-and-deletes win, and never deletes a value set in between', async () => {
    const store = await make(Date.now);
    await store.set('k', 'old', 60_000);
    const racing = [
      ...Array.from({ length: 10 }, () => store.compareAndDelete('k', 'old')),
      store.set('k', 'newer', 60_000).then(() => 'set' as const),
      ...Array.from({ length: 10 }, () => store.compareAndDelete('k', 'old')),
    ];
    const results = await Promise.all(racing);
    expect(results.filter((r) => r === true)).toHaveLength(1);
    expect(await store.get('k')).toBe('newer');
  });
});

it('file store: a compare-and-delete survives a restart', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wxkit-cad-'));
  dirs.push(dir);
  const path = join(dir, 'store.json');
  const first = createFileStore({ path });
  await first.set('k', 'v', 60_000);
  expect(await first.compareAndDelete('k', 'v')).toBe(true);
  expect(await createFileStore({ path }).get('k')).toBeUndefined();
});
