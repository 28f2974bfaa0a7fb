/**
 * Memory of the app under a flood of unauthenticated GET /wx/login requests (issue: +110 MB per 60,000 before).
 * The kit seals the login state into the browser's cookie, so nothing is kept per request. The control case
 * replays the old mechanism on the same flood: one 10-minute login state written to the memory store per
 * request (which evicted only on read).
 */
import { createMemoryStore, createWeCom, silentLogger } from '@wxkit/core';
import { createEmulator } from '@wxkit/emulator';
import { createWxServer } from '@wxkit/server';
import { scale } from './smoke.js';

const N = Number(process.env['FLOOD'] ?? scale(60_000, 500));
const WARM = scale(10_000, 100);
const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) wxwork/4.1.22 MicroMessenger/7.0.1';
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 20));
  }
  return process.memoryUsage();
};

async function flood(name: string, oldMechanism: boolean) {
  const emu = await createEmulator();
  const store = createMemoryStore();
  const wx = createWxServer({
    wecom: createWeCom({
      corpId: 'ww0123456789abcdef',
      corpSecret: 'survey-secret-0123456789abcdefghijklmnopqrs',
      agentId: 1000002,
      fetch: emu.fetch,
      env: { WXKIT_EMULATOR_HOST: 'emulator.local' },
      logger: silentLogger,
    }),
    store,
    session: { secret: 'a-bench-secret-that-is-long-enough-0123' },
    publicUrl: 'https://app.example.com',
    logger: silentLogger,
  });
  const hit = async (i: number) => {
    const reply = await wx.handle(
      new Request(`https://app.example.com/wx/login?redirect=%2Fp${i}`, { headers: { 'user-agent': UA } }),
    );
    if (reply?.status !== 302) throw new Error(`unexpected ${reply?.status}`);
    if (oldMechanism)
      await store.set(
        `/wx:login:${i.toString(36).padStart(24, 'x')}`,
        '{"redirect":"/p","mode":"callback"}',
        600_000,
      );
  };
  for (let i = 0; i < WARM; i++) await hit(i);
  const before = await settle();
  const started = performance.now();
  for (let i = WARM; i < WARM + N; i++) await hit(i);
  const seconds = (performance.now() - started) / 1000;
  const after = await settle();
  return {
    name,
    heap: after.heapUsed - before.heapUsed,
    rss: after.rss - before.rss,
    rate: N / seconds,
  };
}

if (!gc)
  console.log(
    '(run with --expose-gc for steadier figures: node --expose-gc --conditions=@wxkit/source --import tsx bench/login-flood-bench.ts)',
  );
const rows = [
  await flood('sealed state in the cookie (the kit)', false),
  await flood('control: a store write per login (old)', true),
];
console.log(`\n${N} unauthenticated GET /wx/login after ${WARM} warm-up requests`);
console.log('case'.padEnd(42), 'heap growth'.padStart(12), 'RSS growth'.padStart(12), 'req/s'.padStart(8));
for (const r of rows)
  console.log(
    r.name.padEnd(42),
    `${mb(r.heap)} MB`.padStart(12),
    `${mb(r.rss)} MB`.padStart(12),
    r.rate.toFixed(0).padStart(8),
  );
