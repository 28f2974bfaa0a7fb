import type { Platform } from '../contract/platform.js';
import { outcomeOf, wxMetrics } from '../metrics.js';
import type { Fetched } from '../token/cache.js';

/** How the last call to a host went: `errcode` 0, the platform's errcode, or `http_error` (no usable answer). */
export interface Reach {
  at: number;
  errcode: string;
}
const reach = new Map<string, Reach>();

/** The last call this process made to `base` (a host of the platform or the emulator), if any. */
export const lastReach = (base: string): Reach | undefined => reach.get(base);

/** One upstream call as `wxkit.upstream.calls` and `wxkit.upstream.duration` (path, errcode; 0 = ok). */
export async function measured<T>(
  platform: Platform,
  base: string,
  path: string,
  call: () => Promise<T>,
): Promise<T> {
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
    // A handful of hosts per process: the platform's (or the emulator's).
    reach.set(base, { at: Date.now(), errcode });
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
