import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/index.js';

describe('the memory store under keys nobody reads again', () => {
  it('sweeps expired entries as it grows, so it holds at most about twice what is live', async () => {
    let now = 0;
    const store = createMemoryStore({ clock: () => now });
    let largest = 0;
    for (let i = 0; i < 60_000; i++) {
      // One write per "second" that lives a minute: at most 60 are live at any time.
      now += 1000;
      await store.set(`flood:${i}`, 'x', 60_000);
      largest = Math.max(largest, store.size);
    }
    expect(largest).toBeLessThanOrEqual(1024);
    expect(await store.get('flood:59999')).toBe('x');
  });

  it('never sweeps a live entry', async () => {
    let now = 0;
    const store = createMemoryStore({ clock: () => now });
    await store.set('revoked:session', '1', 7 * 86_400_000);
    for (let i = 0; i < 5000; i++) {
      now += 10;
      await store.set(`short:${i}`, 'x', 5);
    }
    expect(store.size).toBeLessThan(2048);
    expect(await store.get('revoked:session')).toBe('1');
  });
});
