import { randomBytes } from 'node:crypto';
import { isWxStoreError, silentLogger } from '@wxkit/core';
import { createEmulator } from '@wxkit/emulator';
import { demoWeCom } from '@wxkit/test-support';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, type RedisStore } from '../../src/index.js';
import { type LocalSentinel, startSentinel } from './redis-sentinel.js';

// A master, a replica and a sentinel as real processes on random ports: the master is killed under load, the
// sentinel promotes the replica, and the same store object carries on against it.
let local: LocalSentinel;
beforeAll(async () => {
  local = await startSentinel({ downAfterMs: 1000 });
}, 30_000);
afterAll(() => local?.stop());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Blocks until the replica has every write so far (WAIT 1): what was acknowledged before the kill survives. */
async function replicated() {
  const master = new Redis({ host: '127.0.0.1', port: await local.masterPort() });
  await master.call('WAIT', '1', '2000');
  master.disconnect();
}

describe('@wxkit/redis on a Sentinel-managed master', () => {
  it('comes back on the promoted replica without a restart; sessions, tokens and locks still right', async () => {
    const prefix = `wxkit-test:${randomBytes(6).toString('hex')}:`;
    const store: RedisStore = createRedisStore({
      sentinel: { name: local.name, sentinels: local.sentinels },
      prefix,
      logger: silentLogger,
      commandTimeoutMs: 1000,
      probeMs: 50,
    });
    const emu = await createEmulator();
    let tokenFetches = 0;
    const wecom = demoWeCom(emu, {
      store,
      fetch: (input, init) => {
        if (String(input).includes('/cgi-bin/gettoken')) tokenFetches++;
        return emu.fetch(input, init);
      },
    });
    try {
      const sessions = Array.from({ length: 50 }, (_, i) => `session:${i}`);
      for (const key of sessions) await store.set(key, `member-${key}`, 600_000);
      const token = await wecom.getAccessToken();
      const held = await store.lock?.('job', { ttlMs: 60_000, waitMs: 0 });
      expect(held).toBeDefined();
      await replicated();
      const killedPort = await local.killMaster();

      // Load while the sentinel decides: reads of existing sessions, new writes, locks.
      let failed = 0;
      let recoveredAt: number | undefined;
      const killedAt = Date.now();
      const acked: string[] = [];
      let running = true;
      const wrong: string[] = [];
      const worker = async (id: number) => {
        for (let n = 0; running; n++) {
          try {
            if (n % 2 === 0) {
              const key = sessions[n % sessions.length] as string;
              const value = await store.get(key);
              if (value !== `member-${key}`) wrong.push(`${key}: ${value}`);
            } else {
              const key = `w:${id}:${n}`;
              await store.set(key, key, 600_000);
              if (!store.down && recoveredAt === undefined) recoveredAt = Date.now();
              acked.push(key);
            }
          } catch (error) {
            if (isWxStoreError(error)) failed++;
            else wrong.push(String(error));
          }
          await pause(5);
        }
      };
      const workers = Array.from({ length: 4 }, (_, i) => worker(i));
      const deadline = Date.now() + 20_000;
      while ((await local.masterPort()) === killedPort || recoveredAt === undefined) {
        if (Date.now() > deadline)
          throw new Error(
            `no failover within 20 s (store down: ${store.down}; ${wrong.slice(0, 3).join('; ')})`,
          );
        await pause(100);
      }
      await pause(300);
      running = false;
      await Promise.all(workers);
      console.log(
        `sentinel failover: ${failed} failed store calls, back ${((recoveredAt ?? 0) - killedAt) / 1000} s after the kill`,
      );

      expect(wrong).toEqual([]);
      expect(store.down).toBe(false);
      for (const key of sessions) expect(await store.get(key)).toBe(`member-${key}`);
      // Written after the promotion, so on the new master: every acknowledged one is there.
      const late = acked.slice(-20);
      for (const key of late) expect(await store.get(key)).toBe(key);
      // The token survived: no second fetch, the same value for every process that shares the store.
      expect(await wecom.getAccessToken()).toBe(token);
      expect(tokenFetches).toBe(1);
      // The lock taken before the failover still holds, its owner can release it, then it is free again.
      expect(await store.lock?.('job', { ttlMs: 60_000, waitMs: 0 })).toBeUndefined();
      await held?.release();
      const again = await store.lock?.('job', { ttlMs: 60_000, waitMs: 0 });
      expect(again).toBeDefined();
      await again?.release();
    } finally {
      await store.close();
    }
  }, 60_000);
});
