import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { CappedMap, Ring } from './bounded.js';
import type { Seed } from './seed.js';
import { type TokenRecord, World } from './world.js';

/**
 * The emulator's whole state as one JSON document, so `--persist` survives a restart: the seed (with the directory
 * and followers changed since), the clock offset, tokens, tickets, codes, refresh tokens, user tickets, menus,
 * workbench, inbox, journal, counters, faults, rate windows, OA QR codes, the Official Accounts' follower windows
 * and outbox, and the template cards. An app that keeps tokens and tickets in Redis keeps signing after the
 * emulator restarts. (What services keep outside the world — the OA callback deliveries — starts afresh.)
 */
interface Snapshot {
  version: 1;
  offsetMs: number;
  seed: Seed;
  tokens: TokenRecord[];
  codes: [string, unknown][];
  tickets: [string, unknown][];
  userTickets: [string, unknown][];
  refreshTokens: [string, unknown][];
  menus: [string, unknown][];
  workbench: [string, unknown][];
  inbox: unknown[];
  sent: number;
  journal: unknown[];
  calls: Record<string, number>;
  errcodes: Record<string, number>;
  faults: [string, unknown[]][];
  windows: [string, unknown][];
  forcedRefreshes: [string, number[]][];
  events: unknown[];
  qrcodes?: [string, unknown][];
  permanentQrcodes?: [string, unknown][];
  // Official Account messages (oa-messages); absent in older files.
  oaInteractions?: [string, unknown][];
  oaOutbox?: unknown[];
  oaSent?: number;
  oaClientMsgIds?: [string, unknown][];
  /** Template cards and their response codes (absent in files written before them). */
  cards?: [string, unknown][];
  responseCodes?: [string, unknown][];
  /** OA subscription notifications: popup grants and the notifications sent (absent in older files). */
  oaSubscribeGrants?: [string, unknown][];
  oaSubscribeSent?: unknown[];
  oaSubscribeCount?: number;
}

export function snapshot(world: World, offsetMs: number): string {
  const state: Snapshot = {
    version: 1,
    offsetMs,
    seed: world.seed,
    // Oldest first, so restoring re-adds them in order and the per-owner index comes back the same.
    tokens: [...world.tokens.values()],
    codes: [...world.codes],
    tickets: [...world.tickets],
    userTickets: [...world.userTickets],
    refreshTokens: [...world.refreshTokens],
    menus: [...world.menus],
    workbench: [...world.workbench],
    inbox: world.inbox.toArray(),
    sent: world.sent,
    journal: world.journal.toArray(),
    calls: world.calls,
    errcodes: world.errcodes,
    faults: [...world.faults],
    windows: [...world.windows],
    forcedRefreshes: [...world.forcedRefreshes],
    events: world.events.toArray(),
    qrcodes: [...world.qrcodes],
    permanentQrcodes: [...world.permanentQrcodes],
    oaInteractions: [...world.oaInteractions],
    oaOutbox: world.oaOutbox.toArray(),
    oaSent: world.oaSent,
    oaClientMsgIds: [...world.oaClientMsgIds],
    cards: [...world.cards],
    responseCodes: [...world.responseCodes],
    oaSubscribeGrants: [...world.oaSubscribeGrants],
    oaSubscribeSent: world.oaSubscribeSent.toArray(),
    oaSubscribeCount: world.oaSubscribeCount,
  };
  return JSON.stringify(state);
}

const fill = <K, V>(map: Map<K, V> | CappedMap<K, V>, entries: unknown) => {
  if (Array.isArray(entries)) for (const [k, v] of entries as [K, V][]) map.set(k, v);
};
const refill = <T>(ring: Ring<T>, items: unknown) => {
  if (Array.isArray(items)) ring.push(...(items as T[]));
};

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
  fill(world.codes, state.codes);
  fill(world.tickets, state.tickets);
  fill(world.userTickets, state.userTickets);
  fill(world.refreshTokens, state.refreshTokens);
  fill(world.menus, state.menus);
  fill(world.workbench, state.workbench);
  refill(world.inbox, state.inbox);
  refill(world.journal, state.journal);
  refill(world.events, state.events);
  world.sent = Number(state.sent) || 0;
  Object.assign(world.calls, state.calls ?? {});
  Object.assign(world.errcodes, state.errcodes ?? {});
  fill(world.faults, state.faults);
  fill(world.windows, state.windows);
  fill(world.forcedRefreshes, state.forcedRefreshes);
  fill(world.qrcodes, state.qrcodes);
  fill(world.permanentQrcodes, state.permanentQrcodes);
  fill(world.oaInteractions, state.oaInteractions);
  refill(world.oaOutbox, state.oaOutbox);
  world.oaSent = Number(state.oaSent) || 0;
  fill(world.oaClientMsgIds, state.oaClientMsgIds);
  fill(world.cards, state.cards);
  fill(world.responseCodes, state.responseCodes);
  fill(world.oaSubscribeGrants, state.oaSubscribeGrants);
  refill(world.oaSubscribeSent, state.oaSubscribeSent);
  world.oaSubscribeCount = Number(state.oaSubscribeCount) || 0;
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
