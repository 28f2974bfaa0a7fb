import { type CredentialState, lastReach, type PlatformClient, type Store, WxConfigError } from '@wxkit/core';
import { SUITE_TICKET_LIFETIME_MS, type SuiteClient } from '@wxkit/core/provider';

export interface HealthOptions {
  /** The platform client the app uses (createWeCom, createOfficialAccount); a provider app passes `suite`. */
  client?: PlatformClient;
  /**
   * A provider app's suite (createSuite): ready only while a live suite_ticket is in the store (without one no
   * suite token, so no login and no install); the reply says its age, never its value.
   */
  suite?: SuiteClient;
  /** The clock of the app (the suite's), for the ticket's age; default Date.now. */
  clock?: () => number;
  /** The store the app shares between instances (the same one given to the client and the server kit). */
  store: Store;
  /** Longest wait for the store and for the access token, in ms; default 1000. */
  timeoutMs?: number;
  /**
   * More credentials to report beside the client's, e.g. a provider's suite_ticket: each answers its kind and
   * age, never its value.
   */
  credentials?: () => Promise<CredentialState[]>;
}

export interface HealthReply {
  ready: boolean;
  store: { ok: boolean; ms: number; error?: string };
  platform: { ok: boolean; ms: number; error?: string; lastCall?: { secondsAgo: number; errcode: string } };
  credentials: CredentialState[];
  /** A provider app: whether a suite_ticket within its 30 minutes is in the store, and how old the newest is. */
  suiteTicket?: { live: boolean; ageSeconds?: number };
}

const PROBE_KEY = 'wxkit:health:probe';

/**
 * A readiness probe as a web handler: `GET` → 200 when the store answers and the platform is reachable (the
 * access token is at hand or can be fetched, and the last call to the platform got an answer), else 503. The
 * body says which, and how old each cached credential is; it never holds a token, ticket or secret.
 * `app.get('/healthz', toExpress(createHealthHandler({ client: wecom, store })))`, or any framework's route.
 */
export function createHealthHandler(options: HealthOptions): (request?: Request) => Promise<Response> {
  const { client, store, suite } = options;
  const clock = options.clock ?? Date.now;
  if (suite ? client !== undefined : !client || typeof client.getAccessToken !== 'function')
    throw new WxConfigError(
      "@wxkit/server: createHealthHandler needs `client`, the app's createWeCom/createOfficialAccount, or `suite` (createSuite) for a provider app — one of the two",
    );
  if (!store || typeof store.get !== 'function')
    throw new WxConfigError('@wxkit/server: createHealthHandler needs `store`, the store the app shares');
  const timeoutMs = options.timeoutMs ?? 1000;

  return async () => {
    const [storeCheck, platformCheck, suiteTicket] = await Promise.all([
      timed(() => store.get(PROBE_KEY), timeoutMs),
      timed(
        () => (suite ? suite.getSuiteAccessToken() : (client as PlatformClient).getAccessToken()),
        timeoutMs,
      ),
      suite && ticketState(suite, clock),
    ]);
    const last = lastReach(
      suite
        ? suite.hosts.qyapi
        : client?.platform === 'wecom'
          ? client.hosts.qyapi
          : (client as PlatformClient).hosts.api,
    );
    // The token may come from the cache while the platform is away: the last real call tells.
    const unreachable = last?.errcode === 'http_error';
    const platform: HealthReply['platform'] = {
      ok: platformCheck.ok && !unreachable,
      ms: platformCheck.ms,
      ...(platformCheck.error ? { error: platformCheck.error } : {}),
      ...(unreachable && platformCheck.ok ? { error: 'the last call to the platform got no answer' } : {}),
      ...(last
        ? { lastCall: { secondsAgo: Math.round((Date.now() - last.at) / 1000), errcode: last.errcode } }
        : {}),
    };
    const credentials = await Promise.all([
      client?.credentials().catch(() => []) ?? [],
      options.credentials?.().catch(() => []) ?? [],
    ]);
    const reply: HealthReply = {
      ready: storeCheck.ok && platform.ok && (suiteTicket?.live ?? true),
      store: {
        ok: storeCheck.ok,
        ms: storeCheck.ms,
        ...(storeCheck.error ? { error: storeCheck.error } : {}),
      },
      platform,
      credentials: credentials.flat(),
      ...(suiteTicket ? { suiteTicket } : {}),
    };
    return new Response(JSON.stringify(reply), {
      status: reply.ready ? 200 : 503,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    });
  };
}

/** Runs `work` with a deadline; the answer is only whether it settled well, and how long it took. */
async function timed(work: () => Promise<unknown>, timeoutMs: number) {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      work(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    // Error messages of the kit are redacted; the class name says which kind of failure it was.
    const e = error as Error;
    return {
      ok: false,
      ms: Math.round(performance.now() - started),
      error: `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The suite_ticket as the store holds it: live or not, and its age; a store that does not answer says not live. */
async function ticketState(suite: SuiteClient, clock: () => number): Promise<HealthReply['suiteTicket']> {
  const held = await suite.tickets.peek().catch(() => undefined);
  if (!held) return { live: false };
  const age = clock() - held.latest.pushedAt;
  return { live: age < SUITE_TICKET_LIFETIME_MS, ageSeconds: Math.round(age / 1000) };
}
