import type { Store } from '../../src/index.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A platform whose token dies between rounds, as when it expires or WeCom revokes it early.
 * `wecom`: gettoken hands back the live token, or a new one once it died; calls with a dead token get 42001.
 * `oa`: /cgi-bin/token mints a new token on every call and the previous one stops working at once (the worst
 * case, after the 5-minute overlap): a needless second fetch makes every other holder's token fail with 40001.
 * Every answer takes 0-`latencyMs` ms, so concurrent callers interleave as they do over a network.
 */
export function revokingPlatform(kind: 'wecom' | 'oa', latencyMs = 3) {
  let current = '';
  let minted = 0;
  let live = false;
  const stats = { fetches: 0, rejected: 0 };
  const answer = (body: unknown) => new Response(JSON.stringify(body));
  const fetchFn = (async (input: string | URL | Request) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    await pause(Math.random() * latencyMs);
    if (url.pathname === '/cgi-bin/gettoken' || url.pathname === '/cgi-bin/token') {
      stats.fetches++;
      if (kind === 'oa' || !live) {
        current = `T${++minted}`;
        live = true;
      }
      return answer({ errcode: 0, errmsg: 'ok', access_token: current, expires_in: 7200 });
    }
    if (url.searchParams.get('access_token') !== current || !live) {
      stats.rejected++;
      return kind === 'oa'
        ? answer({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' })
        : answer({ errcode: 42001, errmsg: 'access_token expired' });
    }
    return answer({ errcode: 0, errmsg: 'ok', userid: url.searchParams.get('userid'), name: '张三' });
  }) as typeof fetch;
  return {
    fetch: fetchFn,
    stats,
    /** The token in every cache dies now; the next fetch gets a new one. */
    revoke() {
      live = false;
      if (kind === 'oa') current = `dead-${current}`;
    },
  };
}

/** A store that answers after 0-`latencyMs` ms, as Redis does, so a get and a delete can be overtaken. */
export function slowStore(inner: Store, latencyMs = 2): Store {
  const slow =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    async (...args: A) => {
      await pause(Math.random() * latencyMs);
      const result = await f(...args);
      await pause(Math.random() * latencyMs);
      return result;
    };
  return {
    get: slow(inner.get.bind(inner)),
    set: slow(inner.set.bind(inner)),
    delete: slow(inner.delete.bind(inner)),
    compareAndDelete: slow(inner.compareAndDelete.bind(inner)),
    ...(inner.lock ? { lock: inner.lock.bind(inner) } : {}),
  };
}
