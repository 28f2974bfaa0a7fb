import {
  type Attributes,
  type Counter,
  type Histogram,
  type MeterProvider,
  metrics,
  type ObservableGauge,
} from '@opentelemetry/api';

/**
 * wxkit's metrics, through the OpenTelemetry API: a no-op until the app installs an SDK (a MeterProvider), as
 * with any instrumented library. Every name and attribute is listed in docs/metrics.md.
 */
export interface WxInstruments {
  upstreamCalls: Counter;
  upstreamDuration: Histogram;
  credentialFetches: Counter;
  codeExchanges: Counter;
  logins: Counter;
  loginRoundTrips: Histogram;
  callbacks: Counter;
  storeCalls: Counter;
  storeBreaker: ObservableGauge;
  jssdkConfigs: Counter;
}

export const METER_NAME = '@wxkit/core';

let provider: MeterProvider | undefined;
let current: WxInstruments | undefined;

/** The instruments on the MeterProvider installed now (re-created if the app installs one later). */
export function wxMetrics(): WxInstruments {
  const now = metrics.getMeterProvider();
  if (current && now === provider) return current;
  const meter = now.getMeter(METER_NAME);
  provider = now;
  current = {
    upstreamCalls: meter.createCounter('wxkit.upstream.calls', {
      description: 'Calls to the WeChat/WeCom API, by path and errcode (0 = ok)',
    }),
    upstreamDuration: meter.createHistogram('wxkit.upstream.duration', {
      description: 'Time of one call to the WeChat/WeCom API, retries included',
      unit: 's',
    }),
    credentialFetches: meter.createCounter('wxkit.credential.fetches', {
      description: 'Tokens and tickets fetched from the platform (cache misses), by kind and outcome',
    }),
    codeExchanges: meter.createCounter('wxkit.code.exchanges', {
      description: 'OAuth code exchanges, by outcome',
    }),
    logins: meter.createCounter('wxkit.logins', {
      description: 'Logins finished by the server kit, by outcome',
    }),
    loginRoundTrips: meter.createHistogram('wxkit.login.round_trips', {
      description: 'Authorize round trips a login took (1 = no retry)',
      advice: { explicitBucketBoundaries: [1, 2, 3, 4] },
    }),
    callbacks: meter.createCounter('wxkit.callbacks', {
      description:
        'Callback deliveries received, by kind, outcome and whether they repeat one already handled',
    }),
    storeCalls: meter.createCounter('wxkit.store.calls', {
      description: 'Calls to the shared store (@wxkit/redis), by operation and outcome',
    }),
    storeBreaker: meter.createObservableGauge('wxkit.store.breaker', {
      description: 'The Redis store breaker: 1 while open (Redis counts as unreachable), 0 when closed',
    }),
    jssdkConfigs: meter.createCounter('wxkit.jssdk.configs', {
      description: 'JS-SDK configurations signed, by kind and outcome',
    }),
  };
  return current;
}

/** An errcode attribute for an error: the platform's errcode, or what kind of failure it was. */
export function outcomeOf(error: unknown): string {
  const e = error as { errcode?: unknown; name?: unknown } | undefined;
  if (typeof e?.errcode === 'number') return String(e.errcode);
  if (e?.name === 'WxHttpError') return 'http_error';
  if (e?.name === 'WxStoreError') return 'store_error';
  return 'error';
}

export type { Attributes };
