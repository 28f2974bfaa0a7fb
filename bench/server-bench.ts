import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createMemoryStore, createWeCom, silentLogger } from '@wxkit/core';
import { createEmulator, defaultSeed } from '@wxkit/emulator';
import { createWxServer } from '@wxkit/server';
import { toNodeListener } from '@wxkit/server/node';
import autocannon from 'autocannon';
import { fmt } from './measure.js';

// The servers run in a child process and the load comes from this one, so they do not share an event loop.
const UA = 'wxwork/4.1.22 MicroMessenger/7.0.1';
const MEMBERS = [
  'zhangsan',
  'lisi',
  'wangwu',
  'zhaoliu',
  'sunqi',
  'zhouba',
  'wujiu',
  'zhengshi',
  'chenyi',
  'linger',
];

const listen = async (handler: Parameters<typeof createServer>[1]) => {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** Child: a bare "hello", a Response through the node adapter alone, and the kit (with an emulator) on ports. */
async function serve() {
  let handle: (request: Request) => Promise<Response | undefined> = async () => undefined;
  let upstreamMs = 0;
  const own = process.argv.includes('own');
  const kit = await listen(
    toNodeListener((request) => handle(request), undefined, { overrideGlobalObjects: own }),
  );
  const seed = defaultSeed();
  seed.wecom[0]?.apps[0]?.trustedDomains.push(new URL(kit).host);
  seed.limits.apiPerMinute = 1_000_000_000;
  const emu = await createEmulator({ port: 0, seed });
  const timedFetch: typeof fetch = async (input, init) => {
    const t = performance.now();
    try {
      return await fetch(input, init);
    } finally {
      upstreamMs += performance.now() - t;
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
  handle = wx.handle;
  const bare = await listen((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello');
  });
  const adapter = await listen(
    toNodeListener(async () => new Response('hello'), undefined, { overrideGlobalObjects: own }),
  );
  const control = await listen((req, res) => {
    if (req.url === '/reset') upstreamMs = 0;
    res.end(String(upstreamMs));
  });
  process.stdout.write(`${JSON.stringify({ kit, bare, adapter, emulator: emu.url, control })}\n`);
}

/** Requests per second that autocannon (in this process) gets from `url`: 50 connections, no pipelining. */
async function saturate(url: string, seconds: number): Promise<number> {
  const result = await autocannon({ url, connections: 50, pipelining: 1, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

async function measure(own: boolean) {
  const label = own
    ? 'node adapter with overrideGlobalObjects (own process)'
    : 'node adapter, globals untouched (default)';
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), 'serve', ...(own ? ['own'] : [])],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout }).once('line', resolve),
  );
  const urls = JSON.parse(line) as {
    kit: string;
    bare: string;
    adapter: string;
    emulator: string;
    control: string;
  };
  try {
    // 1. JS-SDK config on a warm cache, interleaved rounds, best of each.
    const page = encodeURIComponent('http://localhost:3000/survey?id=1');
    const config = `${urls.kit}/wx/jssdk/config?url=${page}`;
    await fetch(config);
    const best = { bare: 0, adapter: 0, config: 0 };
    for (let round = 0; round < 3; round++) {
      best.bare = Math.max(best.bare, await saturate(`${urls.bare}/`, 2));
      best.adapter = Math.max(best.adapter, await saturate(`${urls.adapter}/`, 2));
      best.config = Math.max(best.config, await saturate(config, 2));
    }
    console.log(label);
    console.log(
      `JS-SDK config ${fmt(best.config)} req/s vs bare node:http hello ${fmt(best.bare)} req/s = ${(best.config / best.bare).toFixed(2)} (target >= 0.85)`,
    );
    console.log(
      `  for scale: a Response('hello') through the node adapter alone = ${(best.adapter / best.bare).toFixed(2)} of bare`,
    );

    if (!own) return;
    // 2. Logins through the emulator with 100 concurrent members.
    let kitMs = 0;
    let authorizeMs = 0;
    const loginOnce = async (i: number) => {
      let t = performance.now();
      const start = await fetch(`${urls.kit}/wx/login?redirect=%2F&mode=spa`, {
        headers: { 'user-agent': UA },
        redirect: 'manual',
      });
      kitMs += performance.now() - t;
      const cookie = start.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      t = performance.now();
      const authorize = `${(start.headers.get('location') ?? '').replace('#wechat_redirect', '')}&login_as=${MEMBERS[i % MEMBERS.length]}`;
      const back = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location') ?? '');
      authorizeMs += performance.now() - t;
      t = performance.now();
      const r = await fetch(`${urls.kit}/wx/session`, {
        method: 'POST',
        headers: { cookie },
        body: JSON.stringify({ code: back.searchParams.get('code'), state: back.searchParams.get('state') }),
      });
      if (!r.ok) throw new Error(`login failed: ${await r.text()}`);
      await r.arrayBuffer();
      kitMs += performance.now() - t;
    };
    await fetch(`${urls.control}/reset`);
    const began = performance.now();
    let logins = 0;
    while (performance.now() - began < 3000) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => loginOnce(logins + i)));
      logins += 100;
    }
    const elapsed = (performance.now() - began) / 1000;
    const upstreamMs = Number(await (await fetch(`${urls.control}/`)).text());
    const kitOwn = kitMs - upstreamMs;
    const emulatorTrips = authorizeMs + upstreamMs;
    console.log(`logins: ${fmt(logins / elapsed)}/s with 100 concurrent members (${logins} logins)`);
    console.log(
      `  the kit's own time ${(kitOwn / logins).toFixed(2)} ms per login = ${((kitOwn / emulatorTrips) * 100).toFixed(0)}% of the emulator round trips (${(emulatorTrips / logins).toFixed(2)} ms: authorize page, code exchange, user/get; waits under load)`,
    );
  } finally {
    child.kill();
  }
}

if (process.argv.includes('serve')) await serve();
else {
  await measure(false);
  await measure(true);
}
