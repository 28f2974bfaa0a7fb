import { type WxInstruments, wxMetrics } from '@wxkit/core';

type ObservableGauge = WxInstruments['storeBreaker'];
type ObservableResult = Parameters<Parameters<ObservableGauge['addCallback']>[0]>[0];

interface Watched {
  readonly prefix: string;
  readonly open: boolean;
}

const live = new Set<Watched>();
let registeredOn: ObservableGauge | undefined;
const observe = (result: ObservableResult) => {
  for (const store of live) result.observe(store.open ? 1 : 0, { 'wxkit.store': store.prefix });
};

/** Keeps `wxkit.store.breaker` observing on the MeterProvider installed now (it may come after the store). */
function follow(): void {
  const gauge = wxMetrics().storeBreaker;
  if (gauge === registeredOn) return;
  registeredOn?.removeCallback(observe);
  gauge.addCallback(observe);
  registeredOn = gauge;
}

/** Reports this store's breaker as `wxkit.store.breaker` until the returned function is called (on close). */
export function watchBreaker(store: Watched): () => void {
  live.add(store);
  follow();
  return () => live.delete(store);
}

/** One store call as `wxkit.store.calls` (op; outcome: ok, short_circuit while the breaker is open, unreachable, reply_error). */
export function countStoreCall(prefix: string, op: string, outcome: string): void {
  follow();
  wxMetrics().storeCalls.add(1, { 'wxkit.store': prefix, 'wxkit.op': op, 'wxkit.outcome': outcome });
}
