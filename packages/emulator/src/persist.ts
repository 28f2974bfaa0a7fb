import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { Seed } from './seed.js';
import { type State, World } from './world.js';

/**
 * The emulator's whole state as one JSON document, for `--persist`, `--import`/`--export-on-exit` and named
 * snapshots: the seed (with the directory and followers changed since), the clock offset, and every collection
 * of the store by name. Nothing is listed here: a collection a feature declares is saved and restored with the
 * rest.
 */
export interface Snapshot {
  version: 2;
  offsetMs: number;
  seed: Seed;
  state: Record<string, unknown>;
}

export function snapshotOf(world: World, offsetMs: number): Snapshot {
  return { version: 2, offsetMs, seed: world.seed, state: world.store.snapshot() };
}

export function snapshot(world: World, offsetMs: number): string {
  return JSON.stringify(snapshotOf(world, offsetMs));
}

/**
 * A version-1 file (one key per World field) read as version 2: the store's names are the old field names, and
 * tokens, saved as records, become entries.
 */
function fromVersion1(saved: Record<string, unknown>): Snapshot {
  const { version: _v, offsetMs, seed, tokens, ...rest } = saved;
  const state: Record<string, unknown> = { ...rest };
  if (Array.isArray(tokens)) state['tokens'] = tokens.map((t) => [(t as { value: string }).value, t]);
  return { version: 2, offsetMs: Number(offsetMs) || 0, seed: seed as Seed, state };
}

/** Reads a snapshot's text; undefined when it is not one (torn, foreign). */
export function parseSnapshot(text: string): Snapshot | undefined {
  try {
    const parsed = JSON.parse(text) as Record<string, unknown> | null;
    if (!parsed || typeof parsed !== 'object' || !parsed['seed']) return undefined;
    if (parsed['version'] === 2 && parsed['state'] && typeof parsed['state'] === 'object')
      return parsed as unknown as Snapshot;
    if (parsed['version'] === 1) return fromVersion1(parsed);
    // A file from before whole-state persistence holds only the seed.
    return { version: 2, offsetMs: 0, seed: parsed['seed'] as Seed, state: {} };
  } catch {
    return undefined;
  }
}

/** The saved state, or undefined when the file is missing, not ours, or from another version. */
export function readSnapshot(path: string): Snapshot | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = parseSnapshot(text);
  // Not silent: the file will be overwritten with the fresh state on the next save.
  if (!parsed)
    console.warn(
      `[wxkit emulator] ${path} is not a state file it can read (torn or foreign); starting from the seed and overwriting it`,
    );
  return parsed;
}

/** A world holding what `snapshot` wrote; `seed` is the checked seed to build it on. */
export function restore(
  saved: Snapshot,
  seed: Seed,
  now: () => number,
  states: readonly State<unknown>[] = [],
): World {
  return new World(seed, now, saved.version === 2 ? saved.state : {}, states);
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
