import {
  type ClientKind,
  clientKind,
  isAndroid,
  isIOS,
  type PageUrls,
  verifiedPageUrls,
  withoutHash,
} from '@wxkit/core/contract';

// The client-kind rule, the `#` strip and the page-URL rule are core's contract, the same the server kit and the
// emulator use.
export type ClientEnv = ClientKind;
export const detectEnv = clientKind;
export { isAndroid, isIOS, type PageUrls, verifiedPageUrls, withoutHash };

/** The URL the document was loaded from, as the WebView recorded it (Navigation Timing), else `fallback`. */
export function documentEntryUrl(fallback: string): string {
  const perf = (globalThis as { performance?: { getEntriesByType?(type: string): { name?: string }[] } })
    .performance;
  const name = perf?.getEntriesByType?.('navigation')[0]?.name;
  return typeof name === 'string' && /^https?:/.test(name) ? name : fallback;
}
