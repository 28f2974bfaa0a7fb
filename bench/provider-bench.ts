import { randomBytes } from 'node:crypto';
import { type Store, silentLogger } from '@wxkit/core';
import { createSuite, type SuiteClient } from '@wxkit/core/provider';
import { createRedisStore, type RedisStore } from '@wxkit/redis';
import { Redis } from 'ioredis';
import { createMemoryStore } from '../packages/core/src/store/memory.js';
import { fakeProvider, suiteOptions } from '../packages/core/test/helpers/fake-provider.js';

// A service provider with 1,000 authorised corps, served by 4 processes (4 suite clients), logins spread over
// the corps (a few busy corps, a long tail). Prints upstream fetches per credential and memory, for
//   A. the 4 processes on one shared store (what wxkit expects: Redis in production), and
//   B. a store each (what an app without a shared store gets), and
//   C. 4 processes on Redis (a connection each, one prefix), when REDIS_URL (default 127.0.0.1:6379) answers.
// On a shared store (A, C) all 4 processes restart halfway through the logins (new clients, new connections, every
// in-memory cache gone, no new ticket pushed): the ticket and the tenants must be there, and no credential fetched
// again before its lifetime ends.
// Counts and memory only, no timing figures.
//   node --expose-gc --conditions=@wxkit/source --import tsx bench/provider-bench.ts [corps] [logins]

const CORPS = Number(process.argv[2] ?? 1000);
const LOGINS = Number(process.argv[3] ?? 5_000);
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
const heap = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};

// A deterministic skewed pick: corp i with weight 1/(i+1) (Zipf-like), from a linear congruential sequence.
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const weights = Array.from({ length: CORPS }, (_, i) => 1 / (i + 1));
const total = weights.reduce((a, b) => a + b, 0);
const pick = () => {
  let r = random() * total;
  for (let i = 0; i < CORPS; i++) {
    r -= weights[i] as number;
    if (r <= 0) return i;
  }
  return CORPS - 1;
};

async function run(label: string, shared: boolean, storeFor?: () => Store) {
  seed = 42;
  const platform = fakeProvider();
  const sharedStore = createMemoryStore();
  // Redis: a connection per process on one prefix (shared by Redis); memory: one store, or one each.
  const storeOf = () => storeFor?.() ?? (shared ? sharedStore : createMemoryStore());
  const make = () =>
    createSuite(
      suiteOptions(platform, { store: storeOf(), logger: silentLogger, tokenCache: { pollMs: 10 } }),
    );
  let processes: SuiteClient[] = [make(), make(), make(), make()];
  const ticket = platform.pushTicket('wwsuite1');
  for (const p of processes) await p.tickets.receive(ticket);
  const corps = Array.from({ length: CORPS }, (_, i) => `wwbench${String(i).padStart(5, '0')}`);
  for (const [i, corp] of corps.entries()) {
    const installer = processes[i % 4] as SuiteClient;
    const tenant = await installer.completeInstall(platform.authorise('wwsuite1', corp));
    // Without a shared store the other processes only know a tenant if told: register it with each of them.
    if (!shared)
      for (const p of processes)
        if (p !== installer)
          await p.tenants.add({
            ...tenant,
            permanentCode: platform.permanentCodeOf('wwsuite1', corp) as string,
          });
  }
  // The fake platform records every call; drain it into counts so its own log does not show up as our memory.
  const tally = new Map<string, number>();
  const drain = () => {
    for (const url of platform.calls) tally.set(url.pathname, (tally.get(url.pathname) ?? 0) + 1);
    platform.calls.length = 0;
    platform.bodies.length = 0;
  };
  const count = (path: string) => tally.get(path) ?? 0;
  drain();
  const installCalls = [...tally.values()].reduce((a, b) => a + b, 0);
  const before = heap();
  const used = new Set<string>();
  let restarted = '';
  for (let n = 0; n < LOGINS; n++) {
    if (n % 500 === 0) drain();
    if (shared && n === Math.floor(LOGINS / 2)) {
      processes = [make(), make(), make(), make()];
      const ticket = await processes[0]?.tickets.peek();
      let tenants = 0;
      for (let cursor: string | undefined; ; ) {
        const page = await (processes[1] as SuiteClient).tenants.list({
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        });
        tenants += page.tenants.length;
        if (!page.cursor) break;
        cursor = page.cursor;
      }
      restarted = `  all 4 processes restarted at login ${n}: suite_ticket ${ticket ? 'still there' : 'LOST'}, tenants ${tenants} of ${CORPS}`;
    }
    const corp = corps[pick()] as string;
    used.add(corp);
    const app = processes[n % 4] as SuiteClient;
    const who = await app.oauth.exchangeCode(`good-${corp}`);
    const client = await app.corp(who.corpId as string);
    await client.jssdk.config({ url: 'https://isv.example.com/survey' });
  }
  drain();
  const after = heap();
  const allCalls = [...tally.values()].reduce((a, b) => a + b, 0);
  const corpFetches = [...platform.corpTokenFetches.values()].reduce((a, b) => a + b, 0);
  console.log(`${label}`);
  console.log(`  corps authorised ${CORPS}, logins ${LOGINS}, distinct corps that logged in ${used.size}`);
  if (restarted) console.log(restarted);
  console.log(`  get_suite_token ${count('/cgi-bin/service/get_suite_token')}`);
  console.log(`  corp token fetches ${corpFetches} (${(corpFetches / used.size).toFixed(2)} per corp used)`);
  console.log(`  get_jsapi_ticket ${count('/cgi-bin/get_jsapi_ticket')}`);
  console.log(`  platform calls: install ${installCalls}, logins ${allCalls - installCalls}`);
  console.log(`  heap: after installs ${mb(before)}, after logins ${mb(after)} (+${mb(after - before)})`);
  if (shared && !storeFor) console.log(`  shared store entries ${sharedStore.size}`);
}

await run('A. 4 processes, one shared store', true);
await run('B. 4 processes, a store each', false);

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
const reachable = await probe.connect().then(
  () => true,
  () => false,
);
if (reachable) {
  const prefix = `wxkit-bench:provider:${randomBytes(6).toString('hex')}:`;
  const opened: RedisStore[] = [];
  const open = () => {
    const store = createRedisStore({ url: REDIS_URL, prefix, logger: silentLogger, pollMs: 10 });
    opened.push(store);
    return store;
  };
  try {
    await run('C. 4 processes on Redis (a connection each, one prefix)', true, open);
  } finally {
    for (const store of opened) await store.close();
    const keys = await probe.keys(`${prefix}*`);
    if (keys.length > 0) await probe.del(...keys);
  }
} else console.log(`C. skipped: no Redis at ${REDIS_URL}`);
probe.disconnect();
