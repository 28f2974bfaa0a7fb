import { spawn } from 'node:child_process';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createMemoryStore, createWeCom, silentLogger } from '@wxkit/core';
import { createEmulator, defaultSeed } from '@wxkit/emulator';
import { createWxServer } from '@wxkit/server';
import { toNodeListener } from '@wxkit/server/node';
import { loginThroughEmulator } from '@wxkit/test-support';
import autocannon from 'autocannon';
import { fmt } from './measure.js';
import { SMOKE, scale } from './smoke.js';

// The servers run in a child process and the load comes from this one, so they do not share an event loop.
const UA = 'wxwork/4.1.22 MicroMessenger/7.0.1';
const MEMBERS = ['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'sunqi', 'zhouba', 'wujiu', 'zhengshi', 'chenyi'];

const listen = async (handler: RequestListener) => {
  const server = createServer(handler);
  // Keep idle keep-alive sockets longer than undici's own 4 s, so a client never reuses one being closed.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** A process of its own for the emulator, so the kit's process CPU is the kit's alone. */
async function serveEmulator(kitHost: string) {
  const seed = defaultSeed();
  seed.wecom[0]?.apps[0]?.trustedDomains.push(kitHost);
  seed.limits.apiPerMinute = 1_000_000_000;
  const emu = await createEmulator({ port: 0, seed, ownProcess: true });
  process.stdout.write(`${JSON.stringify({ host: emu.host, url: emu.url })}\n`);
}

// WXKIT_BENCH_PROFILE=DIR: the kit's process runs under node --cpu-prof and writes its profile to DIR;
// WXKIT_BENCH_PHASES=login (or jssdk) runs one phase only.
const PHASES = (process.env['WXKIT_BENCH_PHASES'] ?? 'jssdk,login').split(',');
const PROFILE = process.env['WXKIT_BENCH_PROFILE'];

const child = async (...args: string[]) => {
  const prof = PROFILE && args[0] === 'serve' ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : [];
  const proc = spawn(
    process.execPath,
    [...prof, '--conditions=@wxkit/source', '--import', 'tsx', fileURLToPath(import.meta.url), ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: proc.stdout }).once('line', resolve),
  );
  return { proc, info: JSON.parse(line) as Record<string, string> };
};

/** Child: a bare "hello", the kit served straight from node:http, the kit through the web Request bridge. */
async function serve() {
  let direct: RequestListener = () => {};
  let bridged: RequestListener = () => {};
  let upstreamMs = 0;
  let upstreamCalls = 0;
  const kit = await listen((req, res) => direct(req, res));
  const web = await listen((req, res) => bridged(req, res));
  const emulator = await child('emulator', new URL(kit).host);
  process.on('exit', () => emulator.proc.kill());
  process.on('SIGTERM', () => process.exit(0));
  const emu = { host: emulator.info['host'] ?? '', url: emulator.info['url'] ?? '' };
  const timedFetch: typeof fetch = async (input, init) => {
    const t = performance.now();
    try {
      return await fetch(input, init);
    } finally {
      upstreamMs += performance.now() - t;
      upstreamCalls++;
    }
  };
  const wecom = createWeCom({
    corpId: 'ww0123456789abcdef',
    corpSecret: 'survey-secret-0123456789abcdefghijklmnopqrs',
    agentId: 1000002,
    fetch: timedFetch,
    env: { WXKIT_EMULATOR_HOST: emu.host },
    logger: silentLogger,
  });
  const wx = createWxServer({
    wecom,
    store: createMemoryStore(),
    session: { secret: 'bench-secret-0123456789abcdefghijklmnop' },
    jssdk: { domains: ['localhost:3000'] },
    logger: silentLogger,
  });
  direct = toNodeListener(wx);
  bridged = toNodeListener((request) => wx.handle(request));
  const bare = await listen((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello');
  });
  const control = await listen((req, res) => {
    if (req.url === '/cpu') {
      const { user, system } = process.cpuUsage();
      return res.end(String(user + system));
    }
    if (req.url === '/profile') {
      // node --cpu-prof writes its profile on a normal exit only.
      res.end('bye');
      setTimeout(() => process.exit(0), 50);
      return;
    }
    if (req.url === '/baseline') {
      // What one fetch of a bare "hello" costs this process: the I/O share of an upstream call.
      void (async () => {
        const before = process.cpuUsage();
        for (let i = 0; i < 200; i++) await (await fetch(`${bare}/`)).text();
        const used = process.cpuUsage(before);
        res.end(String((used.user + used.system) / 200));
      })();
      return;
    }
    if (req.url === '/calls') return res.end(String(upstreamCalls));
    if (req.url === '/reset') {
      upstreamMs = 0;
      upstreamCalls = 0;
    }
    res.end(String(upstreamMs));
  });
  process.stdout.write(`${JSON.stringify({ kit, web, bare, emulator: emu.url, control })}\n`);
}

interface Load {
  rate: number;
  /** CPU time of the server process (user + system) per request, in microseconds. */
  cpu: number;
}

/** What autocannon (in this process) gets from `url` with 50 connections, no pipelining. */
async function saturate(url: string, cpuUrl: string, seconds: number, path?: () => string): Promise<Load> {
  const cpu = async () => Number(await (await fetch(cpuUrl)).text());
  const before = await cpu();
  const result = await autocannon({
    url,
    connections: 50,
    pipelining: 1,
    ...(SMOKE ? { amount: 50 } : { duration: seconds }),
    ...(path ? { requests: [{ setupRequest: (request) => ({ ...request, path: path() }) }] } : {}),
  });
  const used = (await cpu()) - before;
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rate: result.requests.average, cpu: used / result.requests.total };
}

/** Interleaved rounds; the best rate and the lowest CPU per request of each case. */
async function compareLoads<K extends string>(
  cases: Record<K, () => Promise<Load>>,
  rounds: number,
): Promise<Record<K, Load>> {
  const best: Partial<Record<K, Load>> = {};
  for (let round = 0; round < rounds; round++) {
    for (const name of Object.keys(cases) as K[]) {
      const load = await cases[name]();
      const known = best[name];
      best[name] = known
        ? { rate: Math.max(known.rate, load.rate), cpu: Math.min(known.cpu, load.cpu) }
        : load;
    }
  }
  return best as Record<K, Load>;
}

/** Server CPU per request (µs) for `n` requests one at a time. */
async function saturateSerial(url: string, cpuUrl: string, n: number): Promise<number> {
  const cpu = async () => Number(await (await fetch(cpuUrl)).text());
  const before = await cpu();
  for (let i = 0; i < n; i++) await (await fetch(url)).text();
  return ((await cpu()) - before) / n;
}

type Urls = { kit: string; web: string; bare: string; control: string };

/** 1. JS-SDK config on a warm cache, interleaved rounds, best of each. */
async function jssdkPhase(urls: Urls) {
  const config = `/wx/jssdk/config?url=${encodeURIComponent('http://localhost:3000/survey?id=1')}`;
  // iOS signs the landing URL, which differs per member (it carries their code): no two requests alike.
  let n = 0;
  const everyPage = () =>
    `/wx/jssdk/config?url=${encodeURIComponent(`http://localhost:3000/survey?id=1&code=C${n++}&state=S`)}`;
  await fetch(`${urls.kit}${config}`);
  const cpu = `${urls.control}/cpu`;
  const best = await compareLoads(
    {
      bare: () => saturate(`${urls.bare}/`, cpu, 2),
      same: () => saturate(`${urls.kit}${config}`, cpu, 2),
      bareVarying: () => saturate(`${urls.bare}/`, cpu, 2, everyPage),
      every: () => saturate(urls.kit, cpu, 2, everyPage),
      web: () => saturate(`${urls.web}${config}`, cpu, 2),
    },
    scale(5, 1),
  );
  const ratio = (a: Load, b: Load) => (a.rate / b.rate).toFixed(2);
  const us = (load: Load) => `${load.cpu.toFixed(1)} µs`;
  console.log(
    `bare node:http hello ${fmt(best.bare.rate)} req/s, ${us(best.bare)} server CPU per request (${fmt(best.bareVarying.rate)} req/s, ${us(best.bareVarying)} with varying paths)`,
  );
  console.log(
    `JS-SDK config, one page (signature reused within its second): ${fmt(best.same.rate)} req/s = ${ratio(best.same, best.bare)} of bare (target >= 0.85); ${us(best.same)} CPU per request`,
  );
  console.log(
    `JS-SDK config, a new page URL every request (two SHA-1s each): ${fmt(best.every.rate)} req/s = ${ratio(best.every, best.bareVarying)} of bare with the same paths; ${us(best.every)} CPU per request`,
  );
  console.log(
    `  for scale: one page through handle() with web Request/Response (Hono, workers) = ${ratio(best.web, best.bare)} of bare; ${us(best.web)} CPU per request`,
  );
}

async function loginPhase(urls: Urls) {
  const cpu = `${urls.control}/cpu`;
  // 2. Logins through the emulator: one at a time for the kit's own CPU per login against the emulator's
  // round trips (nothing waits in a queue), then 100 concurrent members for the rate.
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
  const loginOnce = async (i: number) => {
    // The session route takes JSON only (the CSRF rule: a form or text/plain post is refused): the helper posts JSON.
    const login = await loginThroughEmulator({
      app: kit,
      emulator: authorizePage,
      member: MEMBERS[i % MEMBERS.length] as string,
      userAgent: UA,
    });
    if (!login.responses.finish.ok) throw new Error(`login failed: ${await login.responses.finish.text()}`);
  };
  const upstream = async () => Number(await (await fetch(`${urls.control}/`)).text());
  const cpuNow = async () => Number(await (await fetch(cpu)).text());
  for (let i = 0; i < scale(200, 5); i++) await loginOnce(i);
  await fetch(`${urls.control}/reset`);
  trips.authorizeMs = 0;
  const serial = scale(2000, 20);
  const cpuBefore = await cpuNow();
  for (let i = 0; i < serial; i++) await loginOnce(i);
  // Two control calls (≈ a bare request each) are inside the CPU figure: negligible next to 2000 logins.
  const kitCpuMs = ((await cpuNow()) - cpuBefore) / 1000;
  const roundTripMs = trips.authorizeMs + (await upstream());
  const callsPerLogin = Number(await (await fetch(`${urls.control}/calls`)).text()) / serial;
  console.log(
    `login, one at a time: the kit's own CPU ${((kitCpuMs / serial) * 1000).toFixed(0)} µs per login = ${((kitCpuMs / roundTripMs) * 100).toFixed(1)}% of the emulator round trips (${(roundTripMs / serial).toFixed(2)} ms: authorize page, code exchange, user/get) (target <= 10%)`,
  );
  // The same I/O without the kit: two requests served (as bare node:http) and the upstream fetches (bare ones).
  const served = await saturateSerial(`${urls.bare}/`, cpu, scale(500, 10));
  const fetched = Number(await (await fetch(`${urls.control}/baseline`)).text());
  const io = 2 * served + callsPerLogin * fetched;
  const logic = (kitCpuMs / serial) * 1000 - io;
  console.log(
    `  of which sockets and HTTP alone (2 requests served at ${served.toFixed(0)} µs, ${callsPerLogin.toFixed(1)} fetches at ${fetched.toFixed(0)} µs) ${io.toFixed(0)} µs; the kit's logic ${logic.toFixed(0)} µs = ${((logic / 1000 / (roundTripMs / serial)) * 100).toFixed(1)}% of the round trips`,
  );

  trips.kitMs = 0;
  trips.authorizeMs = 0;
  await fetch(`${urls.control}/reset`);
  const began = performance.now();
  let logins = 0;
  while (performance.now() - began < scale(3000, 100)) {
    await Promise.all(Array.from({ length: 100 }, (_, i) => loginOnce(logins + i)));
    logins += 100;
  }
  const elapsed = (performance.now() - began) / 1000;
  const upstreamMs = await upstream();
  const kitOwn = trips.kitMs - upstreamMs;
  const emulatorTrips = trips.authorizeMs + upstreamMs;
  console.log(`logins: ${fmt(logins / elapsed)}/s with 100 concurrent members (${logins} logins)`);
  console.log(
    `  wall time in the kit besides its upstream calls ${(kitOwn / logins).toFixed(2)} ms per login = ${((kitOwn / emulatorTrips) * 100).toFixed(0)}% of the emulator round trips (${(emulatorTrips / logins).toFixed(2)} ms; waits under load)`,
  );
}

async function measure() {
  const server = await child('serve');
  const urls = server.info as Urls;
  try {
    if (PHASES.includes('jssdk')) await jssdkPhase(urls);
    if (PHASES.includes('login')) await loginPhase(urls);
  } finally {
    if (PROFILE) await fetch(`${urls.control}/profile`).catch(() => {});
    else server.proc.kill();
  }
}

if (process.argv[2] === 'emulator') await serveEmulator(process.argv[3] ?? '');
else if (process.argv[2] === 'serve') await serve();
else await measure();
