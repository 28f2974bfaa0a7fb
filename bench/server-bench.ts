import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { createMemoryStore, createWeCom, silentLogger } from '@wxkit/core';
import { createEmulator, defaultSeed } from '@wxkit/emulator';
import { createWxServer } from '@wxkit/server';
import { toNodeListener } from '@wxkit/server/node';
import autocannon from 'autocannon';
import { builtNode } from './built.js';
import { fmt, median } from './measure.js';
import { type KitAnswer, nullKit, readBody, recorder, replayServer } from './replay.js';
import { loginPhase } from './server-login.js';
import { SMOKE, scale } from './smoke.js';

// The servers run in a child process and the load comes from this one, so they do not share an event loop.

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

/**
 * On Linux with two cores or more, the kit's process gets core 0 and the load (this process, and the emulator)
 * the others: without pinning, the scheduler moves the server and autocannon onto one core now and then, and a
 * round's rate swings by a third on a small machine. WXKIT_BENCH_PIN=0 turns it off.
 */
const PIN =
  process.platform === 'linux' &&
  !SMOKE &&
  availableParallelism() >= 2 &&
  process.env['WXKIT_BENCH_PIN'] !== '0' &&
  spawnSync('taskset', ['-V']).status === 0;
const LOAD_CORES = `1-${availableParallelism() - 1}`;

const child = async (...args: string[]) => {
  const prof = PROFILE && args[0] === 'serve' ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : [];
  // The kit, the null kit and the emulator as shipped (the build), not through tsx (see built.ts).
  const node = [...prof, ...builtNode(import.meta.url, ...args)];
  const cores = args[0] === 'serve' ? '0' : LOAD_CORES;
  const proc = PIN
    ? spawn('taskset', ['-c', cores, process.execPath, ...node], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, node, { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: proc.stdout }).once('line', resolve),
  );
  return { proc, info: JSON.parse(line) as Record<string, string> };
};

/**
 * The CPU time of this process's main thread in µs (Linux: /proc/thread-self/schedstat, read from the main
 * thread), else undefined. The rest of the process's CPU is V8's background threads (TurboFan compiling, GC
 * marking and sweeping) and libuv's pool.
 */
function mainThreadCpu(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1000;
  } catch {
    return undefined;
  }
}

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
  // The login phase records one login's upstream calls, which a replay server answers for the null kit.
  const recording = recorder(timedFetch);
  const replay = await child('replay');
  process.on('exit', () => replay.proc.kill());
  const nulled = nullKit();
  const nullUrl = await listen(nulled.listener);
  const wecom = createWeCom({
    corpId: 'ww0123456789abcdef',
    corpSecret: 'survey-secret-0123456789abcdefghijklmnopqrs',
    agentId: 1000002,
    fetch: recording.fetch,
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
  // The kit's own answer to one page, sent by a bare node:http: what the bytes alone cost (headers and body).
  let sameBytes = { headers: {} as Record<string, string>, body: '' };
  const bareSame = await listen((_req, res) => {
    res.writeHead(200, sameBytes.headers);
    res.end(sameBytes.body);
  });
  const control = await listen((req, res) => {
    if (req.url?.startsWith('/copy?')) {
      // Copies the kit's answer for the path after `?` into bareSame.
      void fetch(`${kit}${req.url.slice('/copy?'.length)}`).then(async (answer) => {
        const headers: Record<string, string> = {};
        for (const name of ['content-type', 'cache-control', 'content-length'])
          headers[name] = answer.headers.get(name) ?? '';
        sameBytes = { headers, body: await answer.text() };
        res.end('ok');
      });
      return;
    }
    if (req.url === '/cpu') {
      const { user, system } = process.cpuUsage();
      return res.end(JSON.stringify({ process: user + system, main: mainThreadCpu() }));
    }
    if (req.url === '/profile') {
      // node --cpu-prof writes its profile on a normal exit only.
      res.end('bye');
      setTimeout(() => process.exit(0), 50);
      return;
    }
    if (req.url === '/record?on') {
      recording.state.calls = [];
      recording.state.on = true;
    }
    if (req.url === '/record?off') recording.state.on = false;
    if (req.url === '/null-setup') {
      void (async () => {
        const answers = JSON.parse(await readBody(req)) as {
          login: KitAnswer;
          session: KitAnswer;
        };
        const calls = recording.state.calls;
        // The replay answers as late as the emulator did on average, so the null kit waits as the kit does.
        const delayMs = upstreamCalls ? Math.round(upstreamMs / upstreamCalls) : 0;
        await fetch(`${replay.info['url']}/__set`, {
          method: 'POST',
          body: JSON.stringify({ calls, delayMs }),
        });
        nulled.set({ replay: replay.info['url'] ?? '', calls, ...answers });
        res.end('ok');
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
  process.stdout.write(
    `${JSON.stringify({ kit, web, bare, bareSame, nullKit: nullUrl, emulator: emu.url, control })}\n`,
  );
}

interface Load {
  rate: number;
  /** CPU time of the server process (user + system) per request, in microseconds. */
  cpu: number;
}

/** What autocannon (in this process) gets from `url` with 50 connections, no pipelining. */
async function saturate(url: string, cpuUrl: string, seconds: number, path?: () => string): Promise<Load> {
  const cpu = async () => ((await (await fetch(cpuUrl)).json()) as { process: number }).process;
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

/** Interleaved rounds: every case once per round, in turn, so a slow spell of the machine hits them all alike. */
async function interleave<K extends string>(
  cases: Record<K, () => Promise<Load>>,
  rounds: number,
): Promise<Record<K, Load>[]> {
  const all: Record<K, Load>[] = [];
  for (let round = 0; round < rounds; round++) {
    const loads: Partial<Record<K, Load>> = {};
    for (const name of Object.keys(cases) as K[]) loads[name] = await cases[name]();
    all.push(loads as Record<K, Load>);
  }
  return all;
}

type Urls = { kit: string; web: string; bare: string; bareSame: string; nullKit: string; control: string };

/** 1. JS-SDK config on a warm cache, interleaved rounds, best of each. */
async function jssdkPhase(urls: Urls) {
  const config = `/wx/jssdk/config?url=${encodeURIComponent('http://localhost:3000/survey?id=1')}`;
  // iOS signs the landing URL, which differs per member (it carries their code): no two requests alike.
  let n = 0;
  const everyPage = () =>
    `/wx/jssdk/config?url=${encodeURIComponent(`http://localhost:3000/survey?id=1&code=C${n++}&state=S`)}`;
  await fetch(`${urls.kit}${config}`);
  await fetch(`${urls.control}/copy?${config}`);
  const cpu = `${urls.control}/cpu`;
  const seconds = 1;
  const rounds = await interleave(
    {
      bare: () => saturate(`${urls.bare}/`, cpu, seconds),
      bareSame: () => saturate(`${urls.bareSame}/`, cpu, seconds),
      same: () => saturate(`${urls.kit}${config}`, cpu, seconds),
      bareVarying: () => saturate(`${urls.bare}/`, cpu, seconds, everyPage),
      every: () => saturate(urls.kit, cpu, seconds, everyPage),
      web: () => saturate(`${urls.web}${config}`, cpu, seconds),
    },
    scale(15, 1),
  );
  type Case = keyof (typeof rounds)[number];
  /** The median over the rounds of a case's rate against its baseline's in the same round. */
  const ratio = (kit: Case, bare: Case) => median(rounds.map((r) => r[kit].rate / r[bare].rate)).toFixed(2);
  /** The middle half of the rounds' ratios: how much the machine moved the figure in this run. */
  const spread = (kit: Case, bare: Case) => {
    const sorted = rounds.map((r) => r[kit].rate / r[bare].rate).sort((a, b) => a - b);
    const at = (q: number) => (sorted[Math.floor(q * (sorted.length - 1))] ?? 0).toFixed(2);
    return `${at(0.25)}–${at(0.75)}`;
  };
  const rate = (name: Case) => fmt(median(rounds.map((r) => r[name].rate)));
  const us = (name: Case) => `${median(rounds.map((r) => r[name].cpu)).toFixed(1)} µs`;
  const cpuRatio = (kit: Case, bare: Case) => median(rounds.map((r) => r[bare].cpu / r[kit].cpu)).toFixed(2);
  console.log(
    `JS-SDK config: ${rounds.length} rounds of ${seconds} s per case, interleaved; medians (rates in the same round side by side)${PIN ? '; server on core 0, load on the others' : ''}`,
  );
  console.log(
    `bare node:http hello ${rate('bare')} req/s, ${us('bare')} server CPU per request (${rate('bareVarying')} req/s, ${us('bareVarying')} with varying paths)`,
  );
  console.log(
    `JS-SDK config, one page (signature reused within its second): ${rate('same')} req/s = ${ratio('same', 'bare')} of bare (target >= 0.85; middle half of the rounds ${spread('same', 'bare')}); ${us('same')} CPU per request (${cpuRatio('same', 'bare')} of bare's CPU per request)`,
  );
  console.log(
    `  for scale: bare node:http sending the kit's answer byte for byte ${rate('bareSame')} req/s = ${ratio('bareSame', 'bare')} of bare hello; the kit = ${ratio('same', 'bareSame')} of it (what the kit's code costs beyond the bytes)`,
  );
  console.log(
    `JS-SDK config, a new page URL every request (two SHA-1s each): ${rate('every')} req/s = ${ratio('every', 'bareVarying')} of bare with the same paths; ${us('every')} CPU per request`,
  );
  console.log(
    `  for scale: one page through handle() with web Request/Response (Hono, workers) = ${ratio('web', 'bare')} of bare; ${us('web')} CPU per request`,
  );
}

async function measure() {
  if (PIN) spawnSync('taskset', ['-a', '-cp', LOAD_CORES, String(process.pid)]);
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
else if (process.argv[2] === 'replay')
  process.stdout.write(`${JSON.stringify({ url: await replayServer() })}\n`);
else await measure();
