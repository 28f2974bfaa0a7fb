import { randomBytes } from 'node:crypto';
import { createRedisStore, type RedisStore } from '@wxkit/redis';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/index.js';
import { createSuite } from '../../src/provider/index.js';
import { fakeProvider, suiteOptions } from '../helpers/fake-provider.js';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const PREFIX = `wxkit-test:provider:${randomBytes(6).toString('hex')}:`;
const stores: RedisStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
  // Tenants are kept for years: leave nothing behind in the shared Redis.
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('provider credentials on Redis (4 processes, one prefix)', () => {
  it('fetches one suite token and one corp token per corp, and a restart finds every tenant and the ticket', async () => {
    const prefix = PREFIX;
    const open = () => {
      const store = createRedisStore({ url: REDIS_URL, prefix, logger: silentLogger, pollMs: 10 });
      stores.push(store);
      return store;
    };
    const platform = fakeProvider();
    const make = () =>
      createSuite(
        suiteOptions(platform, { store: open(), logger: silentLogger, tokenCache: { pollMs: 10 } }),
      );
    const processes = [make(), make(), make(), make()];
    await processes[0]?.tickets.receive(platform.pushTicket('wwsuite1'));
    const corps = Array.from({ length: 20 }, (_, i) => `wwredis${i}`);
    for (const corp of corps)
      await processes[i(corp) % 4]?.completeInstall(platform.authorise('wwsuite1', corp));
    await Promise.all(
      processes.flatMap((app) => corps.map(async (corp) => (await app.corp(corp)).getAccessToken())),
    );
    expect(platform.count('/cgi-bin/service/get_suite_token')).toBe(1);
    expect(platform.corpTokenFetches.size).toBe(corps.length);
    expect([...platform.corpTokenFetches.values()].every((n) => n === 1)).toBe(true);

    const restarted = make();
    const { tenants } = await restarted.tenants.list({ limit: 1000 });
    expect(tenants.map((t) => t.corpId).sort()).toEqual([...corps].sort());
    await (await restarted.corp('wwredis3')).getAccessToken();
    expect(platform.count('/cgi-bin/service/get_suite_token')).toBe(1);
    expect(platform.corpTokenFetches.get('wwredis3')).toBe(1);
  });
});

const i = (corp: string) => Number(corp.replace(/\D/g, ''));
