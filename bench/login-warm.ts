/**
 * The kit's own CPU per login with warm caches and no sockets: both routes of a login called in this process
 * through the node adapter with stand-in IncomingMessage and ServerResponse objects, the platform a stub fetch.
 * The same login through replay.ts's null kit (the kit's recorded answers and recorded platform calls, the same
 * body read) is taken off, as the server bench does with sockets, so neither the stand-ins nor the stub count as
 * the kit's. What a busy server pays per login for the kit's code; the server bench's serial figure adds what a
 * process pays when each login wakes it from idle (cold caches).
 */
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createMemoryStore, createWeCom, type Store, silentLogger } from '@wxkit/core';
import { createWxServer } from '@wxkit/server';
import { toNodeListener } from '@wxkit/server/node';
import { median } from './measure.js';
import { type KitAnswer, nullKit, recorder } from './replay.js';

const UA = 'wxwork/4.1.22 MicroMessenger/7.0.1';
const ANSWERS: Record<string, string> = {
  gettoken: JSON.stringify({ errcode: 0, errmsg: 'ok', access_token: 'A'.repeat(64), expires_in: 7200 }),
  getuserinfo: JSON.stringify({
    errcode: 0,
    errmsg: 'ok',
    userid: 'zhangsan',
    user_ticket: 'T'.repeat(60),
    expires_in: 1800,
  }),
  'user/get': JSON.stringify({
    errcode: 0,
    errmsg: 'ok',
    userid: 'zhangsan',
    name: '张三',
    department: [1],
    main_department: 1,
    position: '产品经理',
    status: 1,
  }),
};
const platform = (async (url: string | URL | Request) => {
  const path = String(url);
  const answer = Object.keys(ANSWERS).find((name) => path.includes(name)) ?? 'gettoken';
  return new Response(ANSWERS[answer], { headers: { 'content-type': 'application/json' } });
}) as typeof fetch;

type Listener = (req: never, res: never) => void;

/** What one stand-in request through `listener` was answered. */
const callThrough =
  (listener: Listener) => (method: string, url: string, headers: Record<string, string>, body?: string) =>
    new Promise<KitAnswer>((resolve) => {
      const req = Object.assign(Readable.from(body ? [Buffer.from(body)] : []), {
        url,
        method,
        headers: {
          host: '127.0.0.1:3000',
          ...headers,
          ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
        },
        socket: { remoteAddress: '127.0.0.1' },
      });
      const out: KitAnswer = { status: 0, headers: {}, body: '' };
      const res = {
        headersSent: false,
        setHeader: (name: string, value: string | string[]) => {
          out.headers[name] = value;
        },
        writeHead: (status: number, headers: Record<string, string>) => {
          out.status = status;
          Object.assign(out.headers, headers);
        },
        end: (text?: string) => {
          out.body = text ?? '';
          resolve(out);
        },
      };
      listener(req as never, res as never);
    });

/** The parts of the kit a warm login is built from: this checkout's by default, another build's for an A/B. */
export interface KitModules {
  createMemoryStore: typeof createMemoryStore;
  createWeCom: typeof createWeCom;
  silentLogger: typeof silentLogger;
  createWxServer: typeof createWxServer;
  toNodeListener: typeof toNodeListener;
}
const thisKit: KitModules = { createMemoryStore, createWeCom, silentLogger, createWxServer, toNodeListener };

/**
 * One login through the kit and one through the null kit, both in this process (one kit login recorded first).
 * `store` serves the client (code memo, tokens) and the server (revocations), as in an app.
 */
export async function warmLogins(
  store?: Store,
  kit: KitModules = thisKit,
): Promise<{
  login: () => Promise<unknown>;
  nullLogin: () => Promise<unknown>;
}> {
  const { createMemoryStore, createWeCom, silentLogger, createWxServer, toNodeListener } = kit;
  store ??= createMemoryStore();
  // Both sides call the stub through the same recorder, so neither pays for it alone.
  const recording = recorder(platform);
  const wx = createWxServer({
    wecom: createWeCom({
      corpId: 'ww0123456789abcdef',
      corpSecret: 'survey-secret-0123456789abcdefghijklmnopqrs',
      agentId: 1000002,
      env: { WXKIT_EMULATOR_HOST: '127.0.0.1:9' },
      logger: silentLogger,
      fetch: recording.fetch,
      store,
    }),
    store,
    session: { secret: 'bench-secret-0123456789abcdefghijklmnop' },
    logger: silentLogger,
  });
  let n = 0;
  const loginThrough = (listener: Listener) => {
    const call = callThrough(listener);
    return async () => {
      const start = await call('GET', '/wx/login?redirect=%2F&mode=spa', { 'user-agent': UA });
      const state = new URL(String(start.headers['location'])).searchParams.get('state');
      const cookies = ([] as string[])
        .concat(start.headers['set-cookie'] ?? [])
        .map((c) => c.split(';')[0])
        .join('; ');
      const body = JSON.stringify({ code: `CODE${n++}`.padEnd(32, 'x'), state });
      const headers = { 'user-agent': UA, cookie: cookies, 'content-type': 'application/json' };
      const finish = await call('POST', '/wx/session', headers, body);
      if (finish.status !== 200) throw new Error(`warm login: ${finish.status} ${finish.body}`);
      return { start, finish };
    };
  };
  const login = loginThrough(toNodeListener(wx) as Listener);
  // The first login also fetches the access token; the second makes the calls every later login makes.
  await login();
  recording.state.on = true;
  const recorded = await login();
  recording.state.on = false;
  // A steady login: some calls, and not the token fetch (that would give the null kit work the kit no longer does).
  const paths = recording.state.calls.map((c) => c.path);
  if (paths.length === 0 || paths.some((p) => p.includes('gettoken')))
    throw new Error(`warm login: recorded platform calls ${paths.join(', ') || 'none'}`);
  const nulled = nullKit(recording.fetch);
  nulled.set({ replay: '', calls: recording.state.calls, login: recorded.start, session: recorded.finish });
  return { login, nullLogin: loginThrough(nulled.listener as Listener) };
}

/**
 * The kit's own CPU per login, warm: a login through the kit minus the same login through the null kit (same
 * stand-in requests, same platform stub, same body handling), in interleaved rounds after `logins` to warm up.
 */
export async function warmLoginCpu(
  logins: number,
  rounds: number,
  store?: Store,
): Promise<{ min: number; median: number }> {
  const { login, nullLogin } = await warmLogins(store);
  const cpuOf = async (fn: () => Promise<unknown>, times: number) => {
    const before = process.cpuUsage();
    for (let i = 0; i < times; i++) await fn();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / times;
  };
  await cpuOf(login, logins);
  await cpuOf(nullLogin, logins);
  const own: number[] = [];
  const each = Math.max(1, Math.round(logins / 4));
  for (let round = 0; round < rounds; round++)
    own.push((await cpuOf(login, each)) - (await cpuOf(nullLogin, each)));
  return { min: Math.min(...own), median: median(own) };
}

/**
 * The same with the Redis store (REDIS_URL, else 127.0.0.1:6379) under a prefix of its own: what the store's
 * round trips add (the null kit makes none). Undefined when Redis does not answer.
 */
async function withRedis(logins: number, rounds: number) {
  const url = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const prefix = `wxkit-bench:${process.pid}:`;
  // Loaded only here: ioredis on the heap would make every GC of the other figures (and of the instruction
  // bench, which imports this file) cost more, the null kit's included.
  const { createRedisStore } = await import('@wxkit/redis');
  const store = createRedisStore({ url, prefix, logger: silentLogger, connectTimeoutMs: 1000 });
  try {
    await store.set('probe', '1', 1000);
  } catch {
    await store.close();
    return undefined;
  }
  try {
    return await warmLoginCpu(logins, rounds, store);
  } finally {
    await store.close();
  }
}

// `login-warm.ts warm-cpu LOGINS ROUNDS [redis]`: the figure as JSON, for the server bench's child on the build.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'warm-cpu') {
  const [logins, rounds] = [Number(process.argv[3]), Number(process.argv[4])];
  const figure =
    process.argv[5] === 'redis' ? await withRedis(logins, rounds) : await warmLoginCpu(logins, rounds);
  console.log(JSON.stringify(figure ?? null));
}
