import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createEmulator, defaultSeed } from '@wxkit/emulator';
import { authorizeAs } from '@wxkit/test-support';
import autocannon from 'autocannon';
import { fmt } from './measure.js';
import { SMOKE, scale } from './smoke.js';

// Emulator throughput as a ratio to a bare node:http server; both run in a child process, autocannon loads
// them from this one (50 connections, no pipelining).
const CORP = 'corpid=ww0123456789abcdef&corpsecret=survey-secret-0123456789abcdefghijklmnopqrs';

async function serve() {
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"errcode":0,"errmsg":"ok","access_token":"x","expires_in":7200}');
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  // Lift the per-minute quota: the bench makes far more calls than a real app may.
  const seed = defaultSeed();
  seed.limits.apiPerMinute = 1_000_000_000;
  // As `wxkit emulator` runs it: a process of its own.
  const emu = await createEmulator({ port: 0, seed, ownProcess: true });
  process.stdout.write(
    `${JSON.stringify({ bare: `http://127.0.0.1:${(bare.address() as AddressInfo).port}`, emulator: emu.url })}\n`,
  );
}

async function rate(url: string, options: Partial<autocannon.Options> = {}): Promise<number> {
  const result = await autocannon({
    url,
    connections: 50,
    ...(SMOKE ? { amount: 100 } : { duration: 2 }),
    ...options,
  });
  return result.requests.average;
}

async function measure() {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const urls = JSON.parse(
    await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve)),
  ) as { bare: string; emulator: string };
  try {
    const token = (
      (await (await fetch(`${urls.emulator}/cgi-bin/gettoken?${CORP}`)).json()) as { access_token: string }
    ).access_token;
    // auth/getuserinfo codes are single use: mint a pool first through the authorize shortcut.
    const codes: string[] = [];
    const redirect = encodeURIComponent('http://localhost:3000/cb');
    const mint = async () => {
      const { code } = await authorizeAs(
        (url) => fetch(url, { redirect: 'manual' }),
        `${urls.emulator}/connect/oauth2/authorize?appid=ww0123456789abcdef&redirect_uri=${redirect}&response_type=code&scope=snsapi_base&state=s&agentid=1000002`,
        'zhangsan',
      );
      codes.push(code);
    };
    for (let i = 0; i < scale(3000, 2); i++) await Promise.all(Array.from({ length: 50 }, mint));
    const best = { bare: 0, gettoken: 0, exchange: 0 };
    let spent = 0;
    for (let round = 0; round < scale(2, 1); round++) {
      best.bare = Math.max(best.bare, await rate(`${urls.bare}/`));
      best.gettoken = Math.max(best.gettoken, await rate(`${urls.emulator}/cgi-bin/gettoken?${CORP}`));
      best.exchange = Math.max(
        best.exchange,
        await rate(urls.emulator, {
          ...(SMOKE ? { amount: 50 } : { duration: 1 }),
          requests: [
            {
              setupRequest: (request) => {
                spent++;
                return {
                  ...request,
                  path: `/cgi-bin/auth/getuserinfo?access_token=${token}&code=${codes.pop() ?? 'spent'}`,
                };
              },
            },
          ],
        }),
      );
    }
    console.log(`bare node:http   ${fmt(best.bare)} req/s`);
    console.log(
      `gettoken         ${fmt(best.gettoken)} req/s = ${(best.gettoken / best.bare).toFixed(2)} of bare (target >= 0.5)`,
    );
    console.log(
      `auth/getuserinfo ${fmt(best.exchange)} req/s = ${(best.exchange / best.bare).toFixed(2)} of bare (target >= 0.5; ${codes.length > 0 ? 'every code was fresh' : `the pool of ${spent - codes.length} codes ran out, later answers were 40029`})`,
    );
  } finally {
    child.kill();
  }
}

if (process.argv.includes('serve')) await serve();
else await measure();
