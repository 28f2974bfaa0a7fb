import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCode } from '../src/contract/index.js';
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
    const login = { binding: 'the-login-that-got-this-code' };
    const [x, y] = await Promise.all([
      a.oauth.exchangeCode('good-code-1', login),
      b.oauth.exchangeCode('good-code-1', login),
    ]);
    expect(x).toEqual({ userid: 'zhangsan', userTicket: 'UT' });
    expect(y).toEqual(x);
    expect(platform.count('/cgi-bin/auth/getuserinfo')).toBe(1);
  });

  it('keys the remembered identity by a hash of the code, never the code itself', async () => {
    const platform = fakeWeCom();
    const store = recordingStore();
    const wecom = createWeCom(weComOptions(platform, { store }));
    await wecom.oauth.exchangeCode('good-secret-code-XYZ', { binding: 'the-login-that-got-this-code' });
    expect(store.keys.some((k) => k.includes(':code:'))).toBe(true);
    expect(store.keys.join('\n')).not.toContain('good-secret-code-XYZ');
    // The remembered identity is sealed: not even the userid is readable from the store.
    expect(store.keys.join('\n')).not.toContain('zhangsan');
  });

  it('never hands a remembered identity to a caller that is not the same login (a leaked code is not a credential)', async () => {
    const platform = fakeWeCom();
    const store = createMemoryStore();
    const wecom = createWeCom(weComOptions(platform, { store }));
    const victim = { binding: 'victim-login-binding-0001' };
    expect(await wecom.oauth.exchangeCode('good-code-2', victim)).toMatchObject({ userid: 'zhangsan' });
    expect(await wecom.oauth.exchangeCode('good-code-2', victim)).toMatchObject({ userid: 'zhangsan' });
    expect(platform.count('/cgi-bin/auth/getuserinfo')).toBe(1);
    // Another login, or no login at all, goes to the platform with the spent code.
    const spent = { errcode: 40029, errmsg: 'invalid code' };
    platform.queue('/cgi-bin/auth/getuserinfo', spent, spent);
    await expect(
      wecom.oauth.exchangeCode('good-code-2', { binding: 'attacker-login-binding-01' }),
    ).rejects.toThrow(/40029/);
    await expect(wecom.oauth.exchangeCode('good-code-2')).rejects.toThrow(/40029/);
    expect(platform.count('/cgi-bin/auth/getuserinfo')).toBe(3);
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

  it('refuses exactly the codes the server kit refuses (one code shape: markup and quotes never reach the platform)', async () => {
    const platform = fakeWeCom();
    const wecom = createWeCom(weComOptions(platform));
    await expect(wecom.oauth.exchangeCode('a<script>')).rejects.toThrow(/URL-safe/);
    await expect(wecom.oauth.exchangeCode('"quoted"')).rejects.toThrow(/URL-safe/);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), async (code) => {
        const refused = await wecom.oauth.exchangeCode(code).then(
          () => false,
          (error: Error) => /URL-safe/.test(error.message),
        );
        expect(refused).toBe(!isCode(code));
      }),
      { numRuns: 200 },
    );
  });
});
