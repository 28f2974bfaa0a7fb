import { defineState, type World } from './world.js';

export interface JournalEntry {
  at: number;
  method: string;
  path: string;
  errcode: number;
  explanation?: string;
  note?: string;
}

export interface Fault {
  path: string;
  remaining: number;
  errcode?: number;
  status?: number;
  delayMs?: number;
  drop?: boolean;
}

/** A sliding window of call counts: sixty buckets of windowMs/60 and which bucket period each holds. */
export interface RateWindow {
  counts: number[];
  stamps: number[];
  windowMs: number;
}

/** The `calls` bucket for every path the emulator does not serve (one key, whatever the path). */
export const OTHER_PATHS = '(not emulated)';

export const TRAFFIC_CAPS = {
  journal: 1000,
  errcodes: 200,
  calls: 1000,
  faults: 100,
  windows: 10_000,
} as const;

/** A window whose newest bucket is a whole window old counts nothing any more. */
export const staleWindow = (window: RateWindow, now: number) =>
  Math.max(...window.stamps) < Math.floor(now / (window.windowMs / 60)) - 60;

/** What the platform paths see: the journal, call and errcode counts, injected faults and the rate windows. */
export const traffic = defineState('traffic', (store) => ({
  journal: store.ring<JournalEntry>('journal', TRAFFIC_CAPS.journal),
  /** Per known route (and one bucket for the rest): how many calls. */
  calls: store.tally('calls', TRAFFIC_CAPS.calls),
  errcodes: store.tally('errcodes', TRAFFIC_CAPS.errcodes),
  /** Active faults by path; a fault is removed when its count is spent. */
  faults: store.map<string, Fault[]>('faults', TRAFFIC_CAPS.faults),
  /** Per rate-limit key: call counts in sixty buckets of a window, and which bucket period each holds. */
  windows: store.map<string, RateWindow>('windows', TRAFFIC_CAPS.windows, staleWindow),
}));

/** The first live fault for `path`, its count taken; spent faults leave the list. */
export function takeFault(world: World, path: string): Fault | undefined {
  const { faults } = traffic.of(world);
  const list = faults.get(path);
  const fault = list?.[0];
  if (!list || !fault) return undefined;
  fault.remaining--;
  if (fault.remaining <= 0) list.shift();
  if (list.length === 0) faults.delete(path);
  return fault;
}

export function faultCount(world: World): number {
  let n = 0;
  for (const list of traffic.of(world).faults.values()) n += list.length;
  return n;
}

/**
 * Counts a call against `limit` per `windowMs`; true when over. Sixty buckets per window keep memory and time
 * constant however many calls come (the window is exact to a sixtieth). `windows` is the API quota windows
 * unless a feature keeps its own.
 */
export function overLimit(
  world: World,
  key: string,
  limit: number,
  windowMs: number,
  windows: Map<string, RateWindow> = traffic.of(world).windows,
): boolean {
  const bucketMs = windowMs / 60;
  const current = Math.floor(world.now() / bucketMs);
  let window = windows.get(key);
  if (!window) {
    window = { counts: new Array<number>(60).fill(0), stamps: new Array<number>(60).fill(-1), windowMs };
    windows.set(key, window);
  }
  const slot = current % 60;
  if (window.stamps[slot] !== current) {
    window.stamps[slot] = current;
    window.counts[slot] = 0;
  }
  let total = 0;
  for (let i = 0; i < 60; i++) if ((window.stamps[i] ?? -1) > current - 60) total += window.counts[i] ?? 0;
  // Refused calls do not count: a client that keeps calling over the limit gets through again as the
  // window moves on (counting them would lock it out for as long as it keeps trying).
  if (total >= limit) return true;
  window.counts[slot] = (window.counts[slot] ?? 0) + 1;
  return false;
}
