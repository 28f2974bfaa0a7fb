import { describe, expect, it } from 'vitest';
import { createMemoryStore, createWeCom, type Store } from '../src/index.js';
import { fakeWeCom, weComOptions } from './helpers/fake-platform.js';

/** A memory store that records every key written. */
function recordingStore(): Store & { keys: string[] } {
  const inner = createMemoryStore();
  const keys: string[] = [];
  return {
    keys,
    get: inner.get,
    delete: inner.delete,
    compareAndDelete: inner.compareAndDelete,
    lock: inner.lock?.bind(inner),
    set: (key, value, ttl) => {
      keys.push(`${key}=${value}`);
      return inner.set(key, value, ttl);
    },
  } as Store & { keys: string[] };
}

describe('idempotent code exchange across instances', () => {
  it('makes one upstream call when two instances on one store exchange the same code at once', async () => {
    const platform = fakeWeCom();
    const store = createMemoryStore();
    const a = createWeCom(weComOptions(platform, { store }));
    const b = createWeCom(weComOptions(platform, { store }));
    const [x, y] = await Promise.all([
      a.oauth.exchangeCode('good-code-1'),
      b.oauth.exchangeCode('good-code-1'),
    ]);
    expect(x).toEqual({ userid: 'zhangsan', userTicket: 'UT' });
    expect(y).toEqual(x);
    expect(platform.count('/cgi-bin/auth/getuserinfo')).toBe(1);
  });

  it('keys the remembered identity by a hash of the code, never the code itself', async () => {
    const platform = fakeWeCom();
    const store = recordingStore();
    const wecom = createWeCom(weComOptions(platform, { store }));
    await wecom.oauth.exchangeCode('good-secret-code-XYZ');
    expect(store.keys.some((k) => k.includes(':code:'))).toBe(true);
    expect(store.keys.join('\n')).not.toContain('good-secret-code-XYZ');
  });

  it('does not remember a failed exchange, and explains it', async () => {
    const platform = fakeWeCom();
    const wecom = createWeCom(weComOptions(platform));
    await expect(wecom.oauth.exchangeCode('bad-code')).rejects.toThrow(/40029/);
    await expect(wecom.oauth.exchangeCode('bad-code')).rejects.toThrow(/40029/);
    expect(platform.count('/cgi-bin/auth/getuserinfo')).toBe(2);
  });

  it('refuses an empty or oversized code before calling (41008)', async () => {
    const platform = fakeWeCom();
    const wecom = createWeCom(weComOptions(platform));
    await expect(wecom.oauth.exchangeCode('')).rejects.toThrow(/41008/);
    await expect(wecom.oauth.exchangeCode('x'.repeat(513))).rejects.toThrow(/1-512/);
    expect(platform.count('/cgi-bin/auth/getuserinfo')).toBe(0);
  });
});
