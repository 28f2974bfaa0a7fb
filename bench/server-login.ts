/**
 * The login phase of the server bench: the kit's own CPU per login against the emulator's round trips (one login
 * at a time, so nothing waits in a queue), then 100 concurrent members for the rate.
 *
 * "The kit's own" is the kit process's CPU per login minus the CPU the same process spends on the same I/O without
 * the kit (bench/replay.ts: the kit's two answers and its upstream calls, byte for byte, from bare node:http and a
 * bare fetch). An earlier version took off a "hello" request and a "hello" fetch instead, which left the cost of the
 * login's real bytes (cookies, JSON bodies, the 302) on the kit's side.
 */
import { loginThroughEmulator } from '@wxkit/test-support';
import { runBuilt } from './built.js';
import type { Primitives } from './login-primitives.js';
import { fmt } from './measure.js';
import type { KitAnswer } from './replay.js';
import { scale } from './smoke.js';

const UA = 'wxwork/4.1.22 MicroMessenger/7.0.1';
const MEMBERS = ['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'sunqi', 'zhouba', 'wujiu', 'zhengshi', 'chenyi'];

/** What a response carried, for the null kit to send again (the headers node:http adds itself left out). */
async function answerOf(response: Response): Promise<KitAnswer> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'transfer-encoding', 'set-cookie'].includes(name))
      headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  return { status: response.status, headers, body: await response.clone().text() };
}

export async function loginPhase(urls: { kit: string; nullKit: string; control: string }) {
  const control = (path: string, init?: RequestInit) =>
    fetch(`${urls.control}${path}`, init).then((r) => r.text());
  const cpuNow = async () => JSON.parse(await control('/cpu')) as { process: number; main?: number };
  const trips = { kitMs: 0, authorizeMs: 0 };
  /** A fetcher that adds its time to `trips[key]` (the kit's own steps, or the authorize page's round trip). */
  const timed = (base: string, key: keyof typeof trips) => async (url: string, init?: RequestInit) => {
    const t = performance.now();
    const r = await fetch(new URL(url, base), { ...init, redirect: 'manual' });
    await r.clone().arrayBuffer();
    trips[key] += performance.now() - t;
    return r;
  };
  const kit = timed(urls.kit, 'kitMs');
  const authorizePage = timed(urls.kit, 'authorizeMs');
  // The session route takes JSON only (the CSRF rule: a form or text/plain post is refused): the helper posts JSON.
  const loginOnce = async (i: number) => {
    const login = await loginThroughEmulator({
      app: kit,
      emulator: authorizePage,
      member: MEMBERS[i % MEMBERS.length] as string,
      userAgent: UA,
    });
    if (!login.responses.finish.ok) throw new Error(`login failed: ${await login.responses.finish.text()}`);
    return login;
  };
  await control('/reset');
  trips.authorizeMs = 0;
  // The kit's functions reach V8's optimising tier only after a few thousand logins (the null kit's few, much
  // sooner): measured before that, the figure is mostly the JIT's warm-up (compiling on background threads, and
  // baseline code on the main thread), not what a running server pays per login.
  const warmUp = scale(3000, 5);
  for (let i = 0; i < warmUp; i++) await loginOnce(i);
  const authorizeMs = Math.round(trips.authorizeMs / warmUp);

  // One login recorded: the kit's two answers and its upstream calls, for the null kit.
  await control('/record?on');
  const recorded = await loginOnce(0);
  await control('/record?off');
  const login = await answerOf(recorded.responses.start);
  const session = await answerOf(recorded.responses.finish);
  await control('/null-setup', { method: 'POST', body: JSON.stringify({ login, session }) });
  const startUrl = new URL(recorded.responses.start.url);
  const nullOnce = async () => {
    const start = await fetch(`${urls.nullKit}${startUrl.pathname}${startUrl.search}`, {
      headers: { 'user-agent': UA },
      redirect: 'manual',
    });
    await start.arrayBuffer();
    // The member's time on the authorize page, as in the kit's login.
    if (authorizeMs > 0) await new Promise((resolve) => setTimeout(resolve, authorizeMs));
    const finish = await fetch(`${urls.nullKit}/wx/session`, {
      method: 'POST',
      headers: { cookie: recorded.cookies, 'content-type': 'application/json', 'user-agent': UA },
      body: JSON.stringify({ code: recorded.code, state: recorded.state }),
    });
    await finish.arrayBuffer();
  };
  // The null kit warms up in blocks alternating with the kit's, as they are measured: they share the process's
  // undici and node:http, and each reaches them with objects of its own shapes (the kit a URL and an abort signal,
  // the null kit a string). Until V8 has seen both, a switch deoptimises and recompiles that code: traced with
  // --trace-opt/--trace-deopt, the first measured kit block had 71 TurboFan jobs and deopts (then 17, 6, 29), and
  // 18, 9, 13, 12 after this. A real server never alternates with a null kit, so neither figure should carry that.
  const half = scale(250, 2);
  for (let i = 0; i < 4 * half; i++) await (i % (2 * half) < half ? loginOnce(i) : nullOnce());

  // Kit and null kit in interleaved blocks, so a slow spell of the machine hits both alike.
  const serial = scale(2000, 20);
  const blocks = scale(4, 1);
  const used = { kit: { process: 0, main: 0 }, io: { process: 0, main: 0 } };
  const block = async (side: keyof typeof used, once: (i: number) => Promise<unknown>) => {
    const before = await cpuNow();
    for (let i = 0; i < serial / blocks; i++) await once(i);
    const after = await cpuNow();
    used[side].process += after.process - before.process;
    used[side].main += (after.main ?? 0) - (before.main ?? 0);
  };
  await control('/reset');
  trips.authorizeMs = 0;
  for (let b = 0; b < blocks; b++) {
    await block('kit', loginOnce);
    await block('io', nullOnce);
  }
  const kitCpu = used.kit.process;
  const nullCpu = used.io.process;
  const ownMain = (used.kit.main - used.io.main) / serial;
  const roundTripMs = trips.authorizeMs + Number(await control('/'));
  const callsPerLogin = Number(await control('/calls')) / serial;
  const perLogin = { kit: kitCpu / serial, io: nullCpu / serial, trip: (roundTripMs / serial) * 1000 };
  const own = perLogin.kit - perLogin.io;
  const share = (us: number) => `${((us / perLogin.trip) * 100).toFixed(1)}%`;
  console.log(
    `login, one at a time: the kit's process ${perLogin.kit.toFixed(0)} µs CPU per login; the same I/O without the kit (its 2 answers and ${callsPerLogin.toFixed(1)} upstream calls, byte for byte) ${perLogin.io.toFixed(0)} µs`,
  );
  console.log(
    `  the kit's own CPU ${own.toFixed(0)} µs per login = ${share(own)} of the emulator round trips (${(perLogin.trip / 1000).toFixed(2)} ms: authorize page, code exchange, user/get) (target <= 10%); with the I/O ${share(perLogin.kit)}`,
  );
  if (used.kit.main > 0)
    console.log(
      `  of the kit's own: ${ownMain.toFixed(0)} µs on the main thread (${share(ownMain)}), ${(own - ownMain).toFixed(0)} µs on V8's background threads (compiling, GC); after ${warmUp} logins to warm up`,
    );
  const warmCpu = async (...store: string[]) =>
    JSON.parse(
      await runBuilt(
        new URL('./login-warm.ts', import.meta.url),
        'warm-cpu',
        String(scale(1500, 20)),
        String(scale(9, 1)),
        ...store,
      ),
    ) as { min: number; median: number } | null;
  const warm = await warmCpu();
  if (!warm) throw new Error('warm login: no figure');
  console.log(
    `  warm, in one process without sockets (a busy server): the kit's own CPU ${warm.median.toFixed(0)} µs per login (best round ${warm.min.toFixed(0)}) = ${share(warm.median)} of the same round trips`,
  );
  // The floor: what the crypto and abort-signal primitives alone cost (counted in a warm login, timed apart).
  const primitives = JSON.parse(
    await runBuilt(
      new URL('./login-primitives.ts', import.meta.url),
      String(scale(300, 2)),
      String(scale(9, 1)),
    ),
  ) as Primitives;
  const { cipher, decipher, hmac, hash, signal } = primitives.counts;
  console.log(
    `    of which the primitives a login cannot do without, timed apart: ${primitives.us.toFixed(0)} µs = ${share(primitives.us)} (${cipher} AES-GCM seals, ${decipher} open, ${hmac} HMACs, ${hash} hashes, ${signal} abort signals with their timers); the rest, ${(warm.median - primitives.us).toFixed(0)} µs, is the kit's glue (routing, checks, cookies, URLs, promises, the store)`,
  );
  const redis = await warmCpu('redis');
  console.log(
    redis
      ? `  warm, with the Redis store (REDIS_URL, else 127.0.0.1:6379; code memo and revocations; the null kit makes no Redis calls): ${redis.median.toFixed(0)} µs per login (best round ${redis.min.toFixed(0)}) = ${share(redis.median)}, of which the Redis round trips ${(redis.median - warm.median).toFixed(0)} µs`
      : '  warm, with the Redis store: skipped (Redis does not answer at REDIS_URL or 127.0.0.1:6379)',
  );

  trips.kitMs = 0;
  trips.authorizeMs = 0;
  await control('/reset');
  const began = performance.now();
  let logins = 0;
  while (performance.now() - began < scale(3000, 100)) {
    await Promise.all(Array.from({ length: 100 }, (_, i) => loginOnce(logins + i)));
    logins += 100;
  }
  const elapsed = (performance.now() - began) / 1000;
  const upstreamMs = Number(await control('/'));
  const kitWall = trips.kitMs - upstreamMs;
  const emulatorTrips = trips.authorizeMs + upstreamMs;
  console.log(`logins: ${fmt(logins / elapsed)}/s with 100 concurrent members (${logins} logins)`);
  console.log(
    `  wall time in the kit besides its upstream calls ${(kitWall / logins).toFixed(2)} ms per login = ${((kitWall / emulatorTrips) * 100).toFixed(0)}% of the emulator round trips (${(emulatorTrips / logins).toFixed(2)} ms; waits under load)`,
  );
}
