import { randomBytes } from 'node:crypto';
import { createOfficialAccount, createWeCom, isWxApiError, silentLogger } from '@wxkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { revokingPlatform } from '../../../core/test/helpers/revoking-platform.js';
import { createRedisStore, type RedisStore } from '../../src/index.js';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const stores: RedisStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `processes` clients, each with its own Redis connection and hot copy, through `rounds` token lifetimes. */
async function rounds(kind: 'wecom' | 'oa', processes: number, lifetimes: number, callers: number) {
  const platform = revokingPlatform(kind, 4);
  const prefix = `wxkit-test:${randomBytes(6).toString('hex')}:`;
  const clients = Array.from({ length: processes }, () => {
    const store = createRedisStore({ url: REDIS_URL, prefix, logger: silentLogger });
    stores.push(store);
    const common = { fetch: platform.fetch, store, env: {}, logger: silentLogger, sleep: pause };
    return kind === 'wecom'
      ? createWeCom({ ...common, corpId: 'ww0123456789abcdef', corpSecret: 'secret-1', agentId: 1000002 })
      : createOfficialAccount({ ...common, appId: 'wx0123456789abcdef', appSecret: 'secret-1' });
  });
  const seen: number[] = [];
  await Promise.all(clients.map((c) => c.getAccessToken()));
  for (let round = 1; round < lifetimes; round++) {
    platform.revoke();
    await Promise.all(
      Array.from({ length: callers * processes }, async (_, i) => {
        await pause(Math.random() * 8);
        const client = clients[i % processes];
        try {
          if (client?.platform === 'wecom') await client.users.get('zhangsan');
          else await client?.call('/cgi-bin/user/info', { query: { openid: 'o1' } });
        } catch (error) {
          if (!isWxApiError(error)) throw error;
          seen.push(error.errcode);
        }
      }),
    );
  }
  return { seen, fetches: platform.stats.fetches };
}

describe('a token that dies under load, across processes sharing a real Redis', () => {
  it('WeCom: callers never see 42001 and each token lifetime costs exactly one fetch', async () => {
    const result = await rounds('wecom', 4, 20, 10);
    expect(result.seen).toEqual([]);
    expect(result.fetches).toBe(20);
  });

  it('Official Account: no needless second fetch revokes the token the other processes just got (0 × 40001)', async () => {
    const result = await rounds('oa', 4, 20, 10);
    expect(result.seen).toEqual([]);
    expect(result.fetches).toBe(20);
  });
});
