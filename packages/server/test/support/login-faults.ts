import { authorizeAs, CookieJar, finishLogin } from '@wxkit/test-support';
import type { Harness } from '../helpers.js';

/** The upstream calls of a WeCom login, each of which the platform may fail in passing. */
export const LOGIN_CALLS = ['/cgi-bin/gettoken', '/cgi-bin/auth/getuserinfo', '/cgi-bin/user/get'] as const;

type Fault = Record<string, unknown>;
const KINDS: Fault[] = [
  { errcode: -1 },
  { status: 500 },
  { status: 502 },
  { drop: true },
  { delayMs: 60 },
  { delayMs: 120, errcode: -1 },
];

/** A small seeded generator, so a failing run can be replayed. */
export function seeded(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

export interface FaultRun {
  logins: number;
  /** Logins the member saw fail: an error page or JSON error, or no session at the end. */
  visibleFailures: number;
  /** Extra authorize round trips the browser had to make (SPA restarts, callback re-logins). */
  extraRoundTrips: number;
  /** How many faults the emulator served. */
  faultsInjected: number;
  failures: string[];
}

const post = (h: Harness, path: string, body: unknown) =>
  h.emu.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/**
 * `logins` logins, each of whose upstream calls fails with probability `rate` (independently per attempt: a
 * call may fail again on its retry), with tokens expired every 25 logins so gettoken is exercised too. A
 * browser is followed the way a real one goes: callback mode follows 302s, SPA mode posts the code and starts
 * again when the server says `restart`.
 */
export async function faultyLogins(
  h: Harness,
  options: { logins: number; rate: number; mode: 'callback' | 'spa'; seed?: number; ua: string },
): Promise<FaultRun> {
  const random = seeded(options.seed ?? 42);
  const run: FaultRun = {
    logins: 0,
    visibleFailures: 0,
    extraRoundTrips: 0,
    faultsInjected: 0,
    failures: [],
  };
  const users = ['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'sunqi'];
  for (let i = 0; i < options.logins; i++) {
    const tokenExpired = i % 25 === 0;
    if (tokenExpired) await post(h, '/_emulator/expire', { kind: 'tokens' });
    // gettoken is called only when the cached token is gone; queued faults for it would wait for the next expiry.
    for (const path of tokenExpired ? LOGIN_CALLS : LOGIN_CALLS.slice(1)) {
      // Consecutive failures of one call: geometric, so each attempt fails with probability `rate`.
      while (random() < options.rate) {
        await post(h, '/_emulator/faults', {
          path,
          count: 1,
          ...KINDS[Math.floor(random() * KINDS.length)],
        });
        run.faultsInjected++;
      }
    }
    const outcome = await oneLogin(h, users[i % users.length] as string, options.mode, options.ua);
    run.logins++;
    run.extraRoundTrips += outcome.trips - 1;
    if (!outcome.ok) {
      run.visibleFailures++;
      if (run.failures.length < 10) run.failures.push(outcome.why);
    }
  }
  return run;
}

async function oneLogin(h: Harness, userid: string, mode: 'callback' | 'spa', ua: string) {
  const jar = new CookieJar();
  const cookie = () => jar.header();
  let trips = 0;
  let next = `/wx/login?redirect=%2Fsurvey${mode === 'spa' ? '&mode=spa' : ''}`;
  for (let hop = 0; hop < 30; hop++) {
    const url = new URL(next, 'http://localhost:3000');
    if (url.host === 'emulator.local') {
      trips++;
      next = (await authorizeAs(h.emu.fetch, `${url.pathname}${url.search}`, userid)).back.href;
      continue;
    }
    if (mode === 'spa' && url.pathname === '/survey' && url.searchParams.has('code')) {
      const response = await finishLogin({ app: h.app, back: url, cookies: cookie() });
      jar.keep(response);
      if (response.ok) return { ok: true, trips, why: '' };
      const body = (await response.json()) as {
        restart?: boolean;
        error?: { code?: string; errcode?: number };
      };
      if (!body.restart)
        return { ok: false, trips, why: `spa ${response.status} ${JSON.stringify(body.error)}` };
      next = `/wx/login?redirect=%2Fsurvey&mode=spa`;
      continue;
    }
    if (url.pathname === '/survey') {
      const me = await h.app('/wx/me', { headers: { cookie: cookie() } });
      return { ok: me.ok, trips, why: me.ok ? '' : 'landed without a session' };
    }
    const response = await h.app(url.pathname + url.search, {
      headers: { 'user-agent': ua, cookie: cookie(), 'sec-fetch-mode': 'navigate' },
    });
    jar.keep(response);
    if (response.status !== 302)
      return {
        ok: false,
        trips,
        why: `${url.pathname} ${response.status} ${response.headers.get('x-wxkit-error')}`,
      };
    next = (response.headers.get('location') ?? '').replace('#wechat_redirect', '');
  }
  return { ok: false, trips, why: 'did not end' };
}
