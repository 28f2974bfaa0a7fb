import { createEmulator, defaultSeed, type Emulator } from '@wxkit/emulator';
import { authorizeAs } from '@wxkit/test-support';
import { scale } from './smoke.js';

// Emulator memory under load, driven in-process (the app's fetch handler, no sockets):
//   A. 1,000,000 mixed known API calls (tokens, logins, contacts, tickets, messages, OA tokens and web OAuth),
//      on a clock that moves 5 ms per request (about 83 emulated minutes), with limits.apiPerMinute at 1000 so
//      some answers are rate-limited (the path that used to skip journal trimming);
//   B. 200,000 requests to distinct unknown paths.
// Prints RSS and heap after warm-up and every 100k requests. Stops by itself: each phase also ends after
// MAX_SECONDS of wall time (say so in the output) so a slow machine cannot keep it running.
//   node --expose-gc --import tsx bench/emulator-memory-bench.ts [requestsA] [requestsB]
// Counts and memory only, no timing figures: safe to run next to other tests.

const CORP = 'ww0123456789abcdef';
const SECRET = 'survey-secret-0123456789abcdefghijklmnopqrs';
const OA = 'wx0123456789abcdef';
const OA_SECRET = 'oa-secret-0123456789abcdef0123456789';
const A = Number(process.argv[2] ?? scale(1_000_000, 2000));
const B = Number(process.argv[3] ?? scale(200_000, 1000));
const MAX_SECONDS = 900;
const STEP = scale(100_000, 1000);

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
function sample(): { rss: number; heap: number } {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

let clock = Date.UTC(2026, 11, 1);
const seed = defaultSeed();
seed.limits.apiPerMinute = 1000;
// Lift the daily and hourly quotas so the token and ticket maps see every call (the per-minute one still bites).
seed.limits.oaTokenPerDay = 1_000_000_000;
seed.limits.ticketsPerHourPerCorp = 1_000_000_000;
seed.limits.ticketsPerHourPerApp = 1_000_000_000;
const emu = await createEmulator({ seed, clock: () => clock });

const json = async (r: Response) => (await r.json()) as Record<string, unknown>;
let weComToken = String(
  (await json(await emu.fetch(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`)))['access_token'],
);
let oaToken = '';

/** One request of the mix; returns nothing, reads every body (as a client would). */
async function mixed(i: number): Promise<void> {
  clock += 5;
  const kind = i % 10;
  let r: Response;
  if (kind === 0) {
    r = await emu.fetch(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`);
    const token = (await json(r))['access_token'];
    if (typeof token === 'string') weComToken = token;
    return;
  }
  if (kind === 1 || kind === 2) {
    const redirect = encodeURIComponent('http://localhost:3000/cb');
    const page = await authorizeAs(
      emu.fetch,
      `/connect/oauth2/authorize?appid=${CORP}&redirect_uri=${redirect}&response_type=code&scope=snsapi_base&state=s${i}&agentid=1000002`,
      'zhangsan',
    );
    await page.response.arrayBuffer();
    const code = page.code;
    r = await emu.fetch(`/cgi-bin/auth/getuserinfo?access_token=${weComToken}&code=${code}`);
  } else if (kind === 3) r = await emu.fetch(`/cgi-bin/user/get?access_token=${weComToken}&userid=zhangsan`);
  else if (kind === 4) r = await emu.fetch(`/cgi-bin/department/list?access_token=${weComToken}`);
  else if (kind === 5) r = await emu.fetch(`/cgi-bin/get_jsapi_ticket?access_token=${weComToken}`);
  else if (kind === 6)
    r = await emu.fetch(`/cgi-bin/message/send?access_token=${weComToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        touser: 'zhangsan|lisi',
        msgtype: 'text',
        agentid: 1000002,
        text: { content: `m${i}` },
      }),
    });
  else if (kind === 7) {
    // A new OA token on every call: the platform's rule, and the map that used to grow fastest.
    r = await emu.fetch(`/cgi-bin/token?grant_type=client_credential&appid=${OA}&secret=${OA_SECRET}`);
    const token = (await json(r))['access_token'];
    if (typeof token === 'string') oaToken = token;
    return;
  } else if (kind === 8) {
    const redirect = encodeURIComponent('http://localhost:3000/cb');
    const page = await authorizeAs(
      emu.fetch,
      `/connect/oauth2/authorize?appid=${OA}&redirect_uri=${redirect}&response_type=code&scope=snsapi_base&state=s${i}`,
      `o-user-${i % 5000}`,
    );
    await page.response.arrayBuffer();
    const code = page.code;
    r = await emu.fetch(
      `/sns/oauth2/access_token?appid=${OA}&secret=${OA_SECRET}&code=${code}&grant_type=authorization_code`,
    );
  } else r = await emu.fetch(`/cgi-bin/ticket/getticket?access_token=${oaToken}&type=jsapi`);
  await r.arrayBuffer();
}

async function unknown(i: number): Promise<void> {
  clock += 5;
  await (await emu.fetch(`/cgi-bin/not-a-real-api/${i}?access_token=${weComToken}`)).arrayBuffer();
}

async function phase(name: string, total: number, step: (i: number) => Promise<void>, target: Emulator) {
  console.log(`\n${name}: ${total.toLocaleString('en')} requests`);
  console.log('requests     rss          heap         tokens  codes  journal  calls-keys  windows');
  const started = Date.now();
  let warm: { rss: number; heap: number } | undefined;
  /** The sample at half way: by then every capped map is full, so what follows is the steady state. */
  let half: { rss: number; heap: number } | undefined;
  let last = sample();
  let done = 0;
  for (; done < total; done++) {
    await step(done);
    if ((done + 1) % STEP === 0) {
      last = sample();
      const sizes = (await json(await target.fetch('/_emulator/stats')))['sizes'] as Record<string, number>;
      console.log(
        `${String(done + 1).padEnd(12)} ${mb(last.rss).padEnd(12)} ${mb(last.heap).padEnd(12)} ${String(sizes['tokens']).padEnd(7)} ${String(sizes['codes']).padEnd(6)} ${String(sizes['journal']).padEnd(8)} ${String(sizes['calls']).padEnd(11)} ${sizes['windows']}`,
      );
      if (done + 1 === STEP) warm = last;
      if (done + 1 === Math.ceil(total / 2 / STEP) * STEP) half = last;
      if ((Date.now() - started) / 1000 > MAX_SECONDS) {
        console.log(`stopped after ${MAX_SECONDS} s of wall time`);
        done++;
        break;
      }
    }
  }
  if (warm)
    console.log(
      `${name}: after warm-up (${STEP.toLocaleString('en')}) → ${done.toLocaleString('en')}: rss ${mb(last.rss - warm.rss)}, heap ${mb(last.heap - warm.heap)} (target: within 20 MB)`,
    );
  if (half && half !== last)
    console.log(
      `${name}: second half (caps full): rss ${mb(last.rss - half.rss)}, heap ${mb(last.heap - half.heap)}`,
    );
}

if (!gc) console.log('(run with node --expose-gc for steadier figures)');
const start = sample();
console.log(`start: rss ${mb(start.rss)}, heap ${mb(start.heap)}`);
await phase('A. mixed known API calls', A, mixed, emu);
await phase('B. unknown paths', B, unknown, emu);
const stats = (await json(await emu.fetch('/_emulator/stats'))) as { errcodes: Record<string, number> };
console.log(`\nerrcodes seen: ${JSON.stringify(stats.errcodes)}`);
await emu.close();
