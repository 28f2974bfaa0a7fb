import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulator, defaultSeed } from '@wxkit/emulator';
import { fmt } from './measure.js';

// Emulator throughput over real HTTP (keep-alive, 50 in flight) as a ratio to a bare node:http server on the same machine.
const CONCURRENCY = 50;
const SECONDS = 3;

async function load(url: () => string): Promise<number> {
  let done = 0;
  const end = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const r = await fetch(url());
      await r.arrayBuffer();
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return done / SECONDS;
}

const bare = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"errcode":0,"errmsg":"ok","access_token":"x","expires_in":7200}');
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;

// Lift the per-minute quota: the bench makes far more calls than a real app may.
const seed = defaultSeed();
seed.limits.apiPerMinute = 1_000_000_000;
const emu = await createEmulator({ port: 0, seed });
const corp = 'corpid=ww0123456789abcdef&corpsecret=survey-secret-0123456789abcdefghijklmnopqrs';
const token = (
  (await (await fetch(`${emu.url}/cgi-bin/gettoken?${corp}`)).json()) as { access_token: string }
).access_token;

// Codes for auth/getuserinfo are single use: mint a pool first (through the authorize shortcut), then spend them.
const codes: string[] = [];
const redirect = encodeURIComponent('http://localhost:3000/cb');
const mint = async () => {
  const r = await fetch(
    `${emu.url}/connect/oauth2/authorize?appid=ww0123456789abcdef&redirect_uri=${redirect}&response_type=code&scope=snsapi_base&state=s&agentid=1000002&login_as=zhangsan`,
    { redirect: 'manual' },
  );
  codes.push(new URL(r.headers.get('location') ?? '').searchParams.get('code') ?? '');
};
for (let i = 0; i < 800; i++) await Promise.all(Array.from({ length: 50 }, mint));

const bareRate = await load(() => bareUrl);
const tokenRate = await load(() => `${emu.url}/cgi-bin/gettoken?${corp}`);
const exchangeRate = await load(
  () => `${emu.url}/cgi-bin/auth/getuserinfo?access_token=${token}&code=${codes.pop() ?? 'spent'}`,
);
console.log(`bare node:http  ${fmt(bareRate)} req/s`);
console.log(
  `gettoken        ${fmt(tokenRate)} req/s = ${(tokenRate / bareRate).toFixed(2)} of bare (target >= 0.5)`,
);
console.log(
  `auth/getuserinfo ${fmt(exchangeRate)} req/s = ${(exchangeRate / bareRate).toFixed(2)} of bare (target >= 0.5; ${codes.length === 0 ? 'some answers were 40029 after the code pool ran out' : 'every code was fresh'})`,
);
await emu.close();
bare.close();
