import type { Platform } from '../contract/platform.js';
import { outcomeOf, wxMetrics } from '../metrics.js';
import type { Fetched } from '../token/cache.js';

/** One upstream call as `wxkit.upstream.calls` and `wxkit.upstream.duration` (path, errcode; 0 = ok). */
export async function measured<T>(platform: Platform, path: string, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  let errcode = '0';
  try {
    return await call();
  } catch (error) {
    errcode = outcomeOf(error);
    throw error;
  } finally {
    const m = wxMetrics();
    const attributes = { 'wxkit.platform': platform, 'wxkit.path': path, 'wxkit.errcode': errcode };
    m.upstreamCalls.add(1, attributes);
    m.upstreamDuration.record((performance.now() - started) / 1000, attributes);
  }
}

/** One credential fetch (a cache miss) as `wxkit.credential.fetches` (kind, outcome). */
export async function counted(
  platform: Platform,
  kind: string,
  fetcher: () => Promise<Fetched>,
): Promise<Fetched> {
  let outcome = 'ok';
  try {
    return await fetcher();
  } catch (error) {
    outcome = outcomeOf(error);
    throw error;
  } finally {
    wxMetrics().credentialFetches.add(1, {
      'wxkit.platform': platform,
      'wxkit.kind': kind,
      'wxkit.outcome': outcome,
    });
  }
}
