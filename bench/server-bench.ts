import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemoryStore, createWeCom, silentLogger } from '@wxkit/core';
import { createEmulator, defaultSeed } from '@wxkit/emulator';
import { createWxServer } from '@wxkit/server';
import { toNodeListener } from '@wxkit/server/node';
import { fmt } from './measure.js';

const CONCURRENCY = 50;
const SECONDS = 3;

async function load(url: string, seconds = SECONDS): Promise<number> {
  let done = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      await (await fetch(url)).arrayBuffer();
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return done / seconds;
}

const listen = async (handler: Parameters<typeof createServer>[1]) => {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
};

// The kit listens first, so its host can be a trusted domain of the emulator's app.
let handle: (request: Request) => Promise<Response | undefined> = async () => undefined;
const kit = await listen(toNodeListener((request) => handle(request)));
const seed = defaultSeed();
seed.wecom[0]?.apps[0]?.trustedDomains.push(new URL(kit.url).host);
seed.limits.apiPerMinute = 1_000_000_000;
const emu = await createEmulator({ port: 0, seed });
// Time spent waiting for the emulator inside the kit's routes (code exchange, user/get), to separate it out.
let upstreamMs = 0;
const timedFetch: typeof fetch = async (input, init) => {
  const t = performance.now();
  try {
    return await fetch(input, init);
  } finally {
    upstreamMs += performance.now() - t;
  }
};
const wecom = createWeCom({
  fetch: timedFetch,
  corpId: 'ww0123456789abcdef',
  corpSecret: 'survey-secret-0123456789abcdefghijklmnopqrs',
  agentId: 1000002,
  env: { WXKIT_EMULATOR_HOST: emu.host },
  logger: silentLogger,
});
const store = createMemoryStore();
const wx = createWxServer({
  wecom,
  store,
  session: { secret: 'bench-secret-0123456789abcdefghijklmnop' },
  jssdk: { domains: ['localhost:3000'] },
  logger: silentLogger,
});
handle = wx.handle;
const adapterOnly = await listen(toNodeListener(async () => new Response('hello')));
const bare = await listen((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('hello');
});

// 1. JS-SDK config on a warm cache against a bare "hello".
const page = encodeURIComponent('http://localhost:3000/survey?id=1');
await fetch(`${kit.url}/wx/jssdk/config?url=${page}`);
const bareRate = await load(`${bare.url}/`);
const adapterRate = await load(`${adapterOnly.url}/`);
const configRate = await load(`${kit.url}/wx/jssdk/config?url=${page}`);
console.log(
  `JS-SDK config ${fmt(configRate)} req/s vs bare node:http hello ${fmt(bareRate)} req/s = ${(configRate / bareRate).toFixed(2)} (target >= 0.85)`,
);
console.log(
  `  for scale: a Response('hello') through the node adapter alone ${fmt(adapterRate)} req/s = ${(adapterRate / bareRate).toFixed(2)} of bare`,
);

// 2. Logins through the emulator with 100 concurrent members: the kit's share of the time.
const UA = 'wxwork/4.1.22 MicroMessenger/7.0.1';
const members = [
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
let kitMs = 0;
let emulatorMs = 0;
const loginOnce = async (i: number) => {
  let t = performance.now();
  const start = await fetch(`${kit.url}/wx/login?redirect=%2F&mode=spa`, {
    headers: { 'user-agent': UA },
    redirect: 'manual',
  });
  kitMs += performance.now() - t;
  const cookie = start.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  t = performance.now();
  const authorize = `${(start.headers.get('location') ?? '').replace('#wechat_redirect', '')}&login_as=${members[i % members.length]}`;
  const back = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location') ?? '');
  emulatorMs += performance.now() - t;
  t = performance.now();
  const r = await fetch(`${kit.url}/wx/session`, {
    method: 'POST',
    headers: { cookie },
    body: JSON.stringify({ code: back.searchParams.get('code'), state: back.searchParams.get('state') }),
  });
  if (!r.ok) throw new Error(`login failed: ${await r.text()}`);
  await r.arrayBuffer();
  kitMs += performance.now() - t;
};
const before = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as {
  calls: Record<string, number>;
};
upstreamMs = 0;
const began = performance.now();
let logins = 0;
while (performance.now() - began < SECONDS * 1000) {
  await Promise.all(Array.from({ length: 100 }, (_, i) => loginOnce(logins + i)));
  logins += 100;
}
const elapsed = (performance.now() - began) / 1000;
const after = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as { calls: Record<string, number> };
const upstream =
  (after.calls['/cgi-bin/auth/getuserinfo'] ?? 0) - (before.calls['/cgi-bin/auth/getuserinfo'] ?? 0);
const kitOwnMs = kitMs - upstreamMs;
const emulatorRoundTripMs = upstreamMs + emulatorMs;
console.log(
  `logins: ${fmt(logins / elapsed)}/s with 100 concurrent members (${logins} logins, ${upstream} code exchanges)`,
);
console.log(
  `  the kit's own time ${(kitOwnMs / logins).toFixed(2)} ms per login = ${((kitOwnMs / emulatorRoundTripMs) * 100).toFixed(0)}% of the emulator round trips (${(emulatorRoundTripMs / logins).toFixed(2)} ms per login: authorize page, code exchange, user/get); concurrent, so these are summed waits`,
);
kit.server.close();
adapterOnly.server.close();
bare.server.close();
await emu.close();
