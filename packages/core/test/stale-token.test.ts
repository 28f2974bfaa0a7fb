import { describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  createOfficialAccount,
  createWeCom,
  isWxApiError,
  type Store,
  silentLogger,
} from '../src/index.js';
import { createFakePlatform, weComOptions } from './helpers/fake-platform.js';
import { revokingPlatform, slowStore } from './helpers/revoking-platform.js';

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `rounds` token lifetimes: each round the token dies, then `callers` calls per client arrive spread over a few
 * ms (some while others are already invalidating). Returns what callers saw and how many tokens were fetched.
 */
async function expiryRounds(
  kind: 'wecom' | 'oa',
  {
    clients: n,
    rounds,
    callers,
    store,
  }: { clients: number; rounds: number; callers: number; store: () => Store },
) {
  const platform = revokingPlatform(kind);
  const shared = store();
  const common = { fetch: platform.fetch, store: shared, env: {}, logger: silentLogger, sleep: pause };
  const clients = Array.from({ length: n }, () =>
    kind === 'wecom'
      ? createWeCom({ ...common, corpId: 'ww0123456789abcdef', corpSecret: 'secret-1', agentId: 1000002 })
      : createOfficialAccount({ ...common, appId: 'wx0123456789abcdef', appSecret: 'secret-1' }),
  );
  const seen: number[] = [];
  const call = async (i: number) => {
    await pause(Math.random() * 6);
    const client = clients[i % n];
    try {
      if (client?.platform === 'wecom') await client.users.get('zhangsan');
      else await client?.call('/cgi-bin/user/info', { query: { openid: 'o1' } });
    } catch (error) {
      if (isWxApiError(error)) seen.push(error.errcode);
      else throw error;
    }
  };
  await Promise.all(clients.map((c) => c.getAccessToken()));
  for (let round = 0; round < rounds; round++) {
    platform.revoke();
    await Promise.all(Array.from({ length: callers * n }, (_, i) => call(i)));
  }
  return { seen, fetches: platform.stats.fetches, lifetimes: rounds + 1 };
}

describe('a token that dies under many concurrent callers', () => {
  it('in one process: no caller sees 42001 and each lifetime costs one fetch', async () => {
    const result = await expiryRounds('wecom', {
      clients: 1,
      rounds: 20,
      callers: 30,
      store: () => slowStore(createMemoryStore()),
    });
    expect(result.seen).toEqual([]);
    expect(result.fetches).toBe(result.lifetimes);
  });

  it('across clients sharing a store: a late invalidation never deletes the newer token another client saved', async () => {
    const result = await expiryRounds('wecom', {
      clients: 4,
      rounds: 30,
      callers: 10,
      store: () => slowStore(createMemoryStore()),
    });
    expect(result.seen).toEqual([]);
    expect(result.fetches).toBe(result.lifetimes);
  });

  it('on an Official Account, where a second fetch would revoke everyone else’s token (40001)', async () => {
    const result = await expiryRounds('oa', {
      clients: 4,
      rounds: 30,
      callers: 10,
      store: () => slowStore(createMemoryStore()),
    });
    expect(result.seen).toEqual([]);
    expect(result.fetches).toBe(result.lifetimes);
  });
});

describe('the one retry after a stale-token answer', () => {
  it('is not sent when the platform hands back the very token it rejected (it would fail the same way)', async () => {
    const platform = createFakePlatform({
      '/cgi-bin/gettoken': () => ({ errcode: 0, errmsg: 'ok', access_token: 'SAME', expires_in: 7200 }),
      '/cgi-bin/user/get': () => ({ errcode: 40014, errmsg: 'invalid access_token' }),
    });
    const wecom = createWeCom(weComOptions(platform));
    const error = await wecom.users.get('zhangsan').catch((e: unknown) => e);
    expect(isWxApiError(error) && error.errcode).toBe(40014);
    expect(platform.count('/cgi-bin/user/get')).toBe(1);
    expect(platform.count('/cgi-bin/gettoken')).toBe(2);
  });
});
