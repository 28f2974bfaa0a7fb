/**
 * The Redis store on a Sentinel-managed master (real redis-server and redis-sentinel processes on random ports):
 * the master is SIGKILLed under a steady load of session reads and writes, a sentinel promotes the replica, and
 * the same store carries on. Prints the calls that failed and how long until the store answered again.
 */
import { isWxStoreError, silentLogger } from '@wxkit/core';
import { createRedisStore } from '@wxkit/redis';
import { startSentinel } from '../packages/redis/test/integration/redis-sentinel.js';
import { scale } from './smoke.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const DOWN_AFTER_MS = 1000;

console.log(
  `master killed under load (8 workers; sentinel down-after-milliseconds ${DOWN_AFTER_MS}, 3 sentinels, quorum 1)`,
);
for (let round = 1; round <= scale(3, 1); round++) {
  const local = await startSentinel({ sentinelCount: 3, downAfterMs: DOWN_AFTER_MS });
  const store = createRedisStore({
    sentinel: { name: local.name, sentinels: local.sentinels },
    prefix: 'wxkit-bench:',
    logger: silentLogger,
  });
  const sessions = Array.from({ length: 200 }, (_, i) => `session:${i}`);
  for (const key of sessions) await store.set(key, key, 600_000);
  const stats = { reads: 0, readsFailed: 0, writes: 0, writesFailed: 0 };
  let recoveredAt: number | undefined;
  let running = true;
  const killed = await local.killMaster();
  const killedAt = performance.now();
  const worker = async (id: number) => {
    for (let n = 0; running; n++) {
      const write = n % 2 === 1;
      try {
        if (write) {
          stats.writes++;
          await store.set(`w:${id}:${n}`, 'x', 60_000);
          if (!store.down) recoveredAt ??= performance.now();
        } else {
          stats.reads++;
          await store.get(sessions[(id * 31 + n) % sessions.length] as string);
        }
      } catch (error) {
        if (!isWxStoreError(error)) throw error;
        if (write) stats.writesFailed++;
        else stats.readsFailed++;
      }
      await pause(2);
    }
  };
  const workers = Array.from({ length: 8 }, (_, i) => worker(i));
  const deadline = performance.now() + 30_000;
  while (recoveredAt === undefined && performance.now() < deadline) await pause(50);
  const promoted = await local.masterPort();
  await pause(500);
  running = false;
  await Promise.all(workers);
  console.log(
    `round ${round}: master ${killed} -> ${promoted}; store back ${recoveredAt ? ((recoveredAt - killedAt) / 1000).toFixed(2) : 'never (30 s)'} s after the kill; ` +
      `writes ${stats.writes}, failed ${stats.writesFailed}; reads of existing sessions ${stats.reads}, failed ${stats.readsFailed} (target 0: served from the shadow copy)`,
  );
  await store.close();
  await local.stop();
}
