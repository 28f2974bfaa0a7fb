import { describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  createOfficialAccount,
  createWeCom,
  isWxApiError,
  type Store,
  silentLogger,
} from '../src/index.js';
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
  it.each([
    {
      name: 'in one process: no caller sees 42001 and each lifetime costs one fetch',
      platform: 'wecom',
      clients: 1,
      rounds: 20,
      callers: 30,
    },
    {
      name: 'across clients sharing a store: a late invalidation never deletes the newer token another client saved',
      platform: 'wecom',
      clients: 4,
      rounds: 30,
      callers: 10,
    },
    {
      name: 'on an Official Account, where a second fetch would revoke everyone else’s token (40001)',
      platform: 'oa',
      clients: 4,
      rounds: 30,
      callers: 10,
    },
  ] as const)('$name', async ({ platform, clients, rounds, callers }) => {
    const result = await expiryRounds(platform, {
      clients,
      rounds,
      callers,
      store: () => slowStore(createMemoryStore()),
    });
    expect(result.seen).toEqual([]);
    expect(result.fetches).toBe(result.lifetimes);
  });
});
