import { describe, expect, it } from 'vitest';
import { createMemoryStore, createWeCom, isWxApiError } from '../src/index.js';
import { fingerprint } from '../src/token/cache.js';
import { fakeWeCom, weComOptions } from './helpers/fake-platform.js';

const PAGE = 'https://app.example.com/survey?id=1';

describe('token and ticket cache', () => {
  it('makes one token and one ticket fetch for 100 concurrent cold signature requests', async () => {
    const platform = fakeWeCom();
    const wecom = createWeCom(weComOptions(platform));
    await Promise.all(Array.from({ length: 100 }, () => wecom.jssdk.config({ url: PAGE })));
    expect(platform.count('/cgi-bin/gettoken')).toBe(1);
    expect(platform.count('/cgi-bin/get_jsapi_ticket')).toBe(1);
  });

  it('fetches once across clients that share a store with a lock (as processes sharing Redis do)', async () => {
    const platform = fakeWeCom();
    const store = createMemoryStore();
    const clients = Array.from({ length: 4 }, () => createWeCom(weComOptions(platform, { store })));
    await Promise.all(clients.flatMap((c) => Array.from({ length: 25 }, () => c.getJsapiTicket())));
    expect(platform.count('/cgi-bin/gettoken')).toBe(1);
    expect(platform.count('/cgi-bin/get_jsapi_ticket')).toBe(1);
  });

  it('refreshes before expiry, not after', async () => {
    const platform = fakeWeCom();
    let now = 1_700_000_000_000;
    const wecom = createWeCom(weComOptions(platform, { clock: () => now }));
    expect(await wecom.getAccessToken()).toBe('TOKEN1');
    now += (7200 - 301) * 1000;
    expect(await wecom.getAccessToken()).toBe('TOKEN1');
    now += 2000;
    expect(await wecom.getAccessToken()).toBe('TOKEN2');
  });

  it('never lets two apps of one corp share a token', async () => {
    const platform = fakeWeCom();
    const store = createMemoryStore();
    const a = createWeCom(weComOptions(platform, { store }));
    const b = createWeCom(weComOptions(platform, { store, corpSecret: 'secret-2', agentId: 1000003 }));
    expect(await a.getAccessToken()).not.toBe(await b.getAccessToken());
    expect(platform.count('/cgi-bin/gettoken')).toBe(2);
  });

  it('drops a rejected token, fetches again and retries the call once', async () => {
    const platform = fakeWeCom();
    const wecom = createWeCom(weComOptions(platform));
    await wecom.getAccessToken();
    platform.queue('/cgi-bin/user/get', { errcode: 40014, errmsg: 'invalid access_token' });
    const user = await wecom.users.get('zhangsan');
    expect(user.name).toBe('张三');
    const tokensUsed = platform.calls
      .filter((u) => u.pathname === '/cgi-bin/user/get')
      .map((u) => u.searchParams.get('access_token'));
    expect(tokensUsed).toEqual(['TOKEN1', 'TOKEN2']);
  });

  it('retries only once: a second rejection surfaces as an explained error', async () => {
    const platform = fakeWeCom();
    const wecom = createWeCom(weComOptions(platform));
    platform.queue(
      '/cgi-bin/user/get',
      { errcode: 42001, errmsg: 'expired' },
      { errcode: 42001, errmsg: 'expired' },
    );
    const error = await wecom.users.get('zhangsan').catch((e: unknown) => e);
    expect(isWxApiError(error) && error.errcode).toBe(42001);
    expect(platform.count('/cgi-bin/user/get')).toBe(2);
    expect(platform.count('/cgi-bin/gettoken')).toBe(2);
  });

  it('keeps a newer token that another caller stored while the old one was failing', async () => {
    const platform = fakeWeCom();
    const store = createMemoryStore();
    const key = `wxkit:wecom:ww0123456789abcdef:1000002:${fingerprint('secret-1')}:access_token`;
    const racing: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      if (url.pathname === '/cgi-bin/user/get' && url.searchParams.get('access_token') === 'TOKEN1') {
        // Another process refreshed the token while this request was on its way.
        await store.set(
          key,
          JSON.stringify({ value: 'NEWER', refreshAt: Date.now() + 3_600_000 }),
          3_600_000,
        );
        return new Response(JSON.stringify({ errcode: 40014, errmsg: 'invalid access_token' }));
      }
      return platform.fetch(input, init);
    };
    const wecom = createWeCom(weComOptions(platform, { store, fetch: racing }));
    expect(await wecom.getAccessToken()).toBe('TOKEN1');
    await wecom.users.get('zhangsan');
    const used = platform.calls
      .filter((u) => u.pathname === '/cgi-bin/user/get')
      .map((u) => u.searchParams.get('access_token'));
    expect(used).toEqual(['NEWER']);
    expect(platform.count('/cgi-bin/gettoken')).toBe(1);
  });

  it('takes tokens from a central token service in read-only mode and never fetches itself', async () => {
    const platform = fakeWeCom();
    const asked: string[] = [];
    const wecom = createWeCom(
      weComOptions(platform, {
        tokenProvider: async ({ kind, rejected }: { kind: string; rejected?: string }) => {
          asked.push(rejected ? `${kind}!${rejected}` : kind);
          return rejected ? 'CENTRAL2' : 'CENTRAL1';
        },
      }),
    );
    platform.queue('/cgi-bin/user/get', { errcode: 40014, errmsg: 'invalid access_token' });
    await wecom.users.get('lisi');
    await wecom.jssdk.config({ url: PAGE });
    expect(platform.count('/cgi-bin/gettoken')).toBe(0);
    expect(platform.count('/cgi-bin/get_jsapi_ticket')).toBe(0);
    expect(asked).toEqual(['access_token', 'access_token!CENTRAL1', 'jsapi_ticket']);
  });

  it('retries a busy platform (-1) and HTTP 5xx a bounded number of times', async () => {
    const platform = fakeWeCom();
    const wecom = createWeCom(weComOptions(platform, { retry: { attempts: 3 } }));
    platform.queue('/cgi-bin/gettoken', { errcode: -1, errmsg: 'system busy' }, { status: 502 });
    expect(await wecom.getAccessToken()).toBe('TOKEN1');
    platform.queue('/cgi-bin/user/get', { status: 503 }, { status: 503 }, { status: 503 });
    await expect(wecom.users.get('x')).rejects.toMatchObject({ name: 'WxHttpError', status: 503 });
    expect(platform.count('/cgi-bin/user/get')).toBe(3);
  });

  it('explains a wrong secret without ever showing it', async () => {
    const platform = fakeWeCom();
    const wecom = createWeCom(weComOptions(platform, { corpSecret: 'wrong-secret-value' }));
    const error = await wecom.getAccessToken().catch((e: unknown) => e);
    expect(isWxApiError(error)).toBe(true);
    if (!isWxApiError(error)) return;
    expect(error.errcode).toBe(40001);
    expect(error.hint).toMatch(/Secret/);
    expect(error.message).not.toContain('wrong-secret-value');
    expect(error.path).toContain('corpsecret=***');
  });
});
