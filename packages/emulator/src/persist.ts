import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { Ring } from './bounded.js';
import type { Seed } from './seed.js';
import { type TokenRecord, World } from './world.js';

/**
 * The emulator's whole state as one JSON document, so `--persist` survives a restart: the seed (with the directory
 * and followers changed since), the clock offset, and every collection and counter of the World listed in
 * {@link PERSISTED}. An app that keeps tokens and tickets in Redis keeps signing after the emulator restarts.
 * (What services keep outside the world — the OA callback deliveries — starts afresh.)
 */

type Keys<T> = { [K in keyof World]: World[K] extends T ? K : never }[keyof World];

/**
 * What is saved, by kind; each key is the World's field and the snapshot's key. One list: a new collection on the
 * World is persisted by adding its name here (`persist.test.ts` fails for a collection in neither list).
 * Tokens are saved apart, because restoring them rebuilds the per-owner index.
 */
export const PERSISTED = {
  maps: [
    'codes',
    'tickets',
    'userTickets',
    'refreshTokens',
    'menus',
    'workbench',
    'faults',
    'windows',
    'memberWindows',
    'forcedRefreshes',
    'qrcodes',
    'permanentQrcodes',
    'oaInteractions',
    'oaClientMsgIds',
    'cards',
    'responseCodes',
    'oaSubscribeGrants',
  ],
  rings: ['inbox', 'journal', 'events', 'oaOutbox', 'oaSubscribeSent'],
  counters: ['sent', 'oaSent', 'oaSubscribeCount'],
  records: ['calls', 'errcodes'],
} as const satisfies {
  maps: readonly Keys<Map<unknown, unknown>>[];
  rings: readonly Keys<Ring<unknown>>[];
  counters: readonly Keys<number>[];
  records: readonly Keys<Record<string, number>>[];
};

/**
 * World fields deliberately not in {@link PERSISTED}: `tokens` and `seed` are saved apart, `now` is the clock,
 * `owned` is the token index `addToken` rebuilds, `lastPrune` only paces pruning.
 */
export const NOT_PERSISTED: readonly string[] = ['tokens', 'seed', 'now', 'owned', 'lastPrune'];

interface Snapshot {
  version: 1;
  offsetMs: number;
  seed: Seed;
  tokens: TokenRecord[];
  /** Absent in files written before a collection existed: restored empty. */
  [collection: string]: unknown;
}

export function snapshot(world: World, offsetMs: number): string {
  const state: Snapshot = {
    version: 1,
    offsetMs,
    seed: world.seed,
    // Oldest first, so restoring re-adds them in order and the per-owner index comes back the same.
    tokens: [...world.tokens.values()],
  };
  for (const key of PERSISTED.maps) state[key] = [...world[key]];
  for (const key of PERSISTED.rings) state[key] = world[key].toArray();
  for (const key of PERSISTED.counters) state[key] = world[key];
  for (const key of PERSISTED.records) state[key] = world[key];
  return JSON.stringify(state);
}

/** The saved state, or undefined when the file is missing, not ours, or from another version. */
export function readSnapshot(path: string): Snapshot | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<Snapshot> & { seed?: Seed };
    if (parsed && typeof parsed === 'object' && parsed.seed) {
      // A file from before whole-state persistence holds only the seed.
      return parsed.version === 1 ? (parsed as Snapshot) : ({ seed: parsed.seed } as Snapshot);
    }
  } catch {}
  // Not silent: the file will be overwritten with the fresh state on the next save.
  console.warn(
    `[wxkit emulator] ${path} is not a state file it can read (torn or foreign); starting from the seed and overwriting it`,
  );
  return undefined;
}

/** A world holding what `snapshot` wrote; `seed` is the checked seed to build it on. */
export function restore(state: Snapshot, seed: Seed, now: () => number): World {
  const world = new World(seed, now);
  if (state.version !== 1) return world;
  for (const token of state.tokens ?? []) world.addToken(token);
  for (const key of PERSISTED.maps) {
    const entries = state[key];
    const map = world[key] as Map<unknown, unknown>;
    if (Array.isArray(entries)) for (const [k, v] of entries as [unknown, unknown][]) map.set(k, v);
  }
  for (const key of PERSISTED.rings) {
    const items = state[key];
    if (Array.isArray(items)) (world[key] as Ring<unknown>).push(...items);
  }
  for (const key of PERSISTED.counters) world[key] = Number(state[key]) || 0;
  for (const key of PERSISTED.records) {
    const saved = state[key];
    if (saved && typeof saved === 'object') Object.assign(world[key], saved);
  }
  return world;
}

/** Writes `text` to `path` atomically: a temporary file, fsync, then rename over the old one. */
export function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
