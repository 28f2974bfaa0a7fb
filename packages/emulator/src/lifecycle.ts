import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseSnapshot,
  readSnapshot,
  type Snapshot,
  snapshot,
  snapshotOf,
  writeAtomically,
} from './persist.js';
import { resumePushes } from './push.js';
import { Refusal } from './refusal.js';
import { type Seed, seedFrom } from './seed.js';
import { DEFAULT_OUTBOUND, type Outbound, type State, World } from './world.js';

/** The file a `--import` / `--export-on-exit` folder holds. */
export const EXPORT_FILE = 'wxkit-emulator.json';
/** Named snapshots kept at once (in memory, for this process). */
export const SNAPSHOTS_KEPT = 50;
const NAME = /^[A-Za-z0-9._-]{1,64}$/;

export interface LifecycleOptions {
  seed?: Seed | string;
  clock?: () => number;
  persist?: string;
  importDir?: string;
  exportOnExit?: string;
  outbound?: Partial<Outbound>;
  states: readonly State<unknown>[];
}

export interface SnapshotInfo {
  name: string;
  /** The emulator's clock when it was saved. */
  at: number;
  bytes: number;
}

/**
 * The emulator's state over its life: the current world and the clock offset; reset, advance, named snapshots,
 * and the files (`--persist`, `--import`, `--export-on-exit`). Every way back (reset, restore, import) builds a
 * new world, so nothing of the old one lingers.
 */
export class Lifecycle {
  world: World;
  offsetMs = 0;
  private readonly initial: Seed;
  private readonly baseClock: () => number;
  private readonly outbound: Outbound;
  private readonly named = new Map<string, { text: string; at: number }>();
  private written = '';
  private pendingTicks = 0;

  constructor(private readonly options: LifecycleOptions) {
    this.baseClock = options.clock ?? Date.now;
    this.outbound = { ...DEFAULT_OUTBOUND, ...options.outbound };
    const imported = options.importDir ? readImport(options.importDir) : undefined;
    const saved = (options.persist ? readSnapshot(options.persist) : undefined) ?? imported;
    this.initial = seedFrom(saved ? saved.seed : options.seed);
    this.world = this.build(structuredClone(this.initial), saved);
  }

  readonly now = () => this.baseClock() + this.offsetMs;

  private build(seed: Seed, saved?: Snapshot): World {
    this.world?.dispose();
    if (saved) this.offsetMs = Number(saved.offsetMs) || 0;
    const world = new World(seed, this.now, saved?.state ?? {}, this.options.states);
    world.outbound = this.outbound;
    resumePushes(world);
    this.touched();
    return world;
  }

  /** A request (or reset, advance, restore) may have changed the state: `--persist` saves on the next ticks. */
  touched(): void {
    // Two ticks, so what a request starts after its answer (event pushes) is saved too.
    this.pendingTicks = 2;
  }

  reset(seed?: Seed): void {
    this.world = this.build(seed ? seedFrom(seed) : structuredClone(this.initial));
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
    this.world.runDue();
    this.touched();
  }

  /** Saves the whole state (every feature's collections, the seed, the clock) under `name`, replacing one of that name. */
  saveAs(name: string): SnapshotInfo {
    if (!NAME.test(name))
      throw new Refusal('name must be 1-64 letters, digits, ".", "_" or "-" (e.g. "after-login")');
    if (!this.named.has(name) && this.named.size >= SNAPSHOTS_KEPT)
      throw new Refusal(`at most ${SNAPSHOTS_KEPT} named snapshots: delete one first`, 'too_many');
    const text = snapshot(this.world, this.offsetMs);
    this.named.delete(name);
    this.named.set(name, { text, at: this.now() });
    return { name, at: this.now(), bytes: text.length };
  }

  /** Brings back the state saved as `name`, clock included. */
  restore(name: string): SnapshotInfo {
    const kept = this.named.get(name);
    if (!kept)
      throw new Refusal(
        `no snapshot named "${name}" (GET /_emulator/snapshots lists them)`,
        'not_found',
        404,
      );
    const saved = parseSnapshot(kept.text) as Snapshot;
    this.world = this.build(seedFrom(saved.seed), saved);
    return { name, at: kept.at, bytes: kept.text.length };
  }

  remove(name: string): boolean {
    return this.named.delete(name);
  }

  list(): SnapshotInfo[] {
    return [...this.named].map(([name, kept]) => ({ name, at: kept.at, bytes: kept.text.length }));
  }

  /** `--persist`: writes the state when it changed (the caller ticks each second), or at once with `force`. */
  save(force = false): void {
    const path = this.options.persist;
    if (!path || (!force && this.pendingTicks === 0)) return;
    this.pendingTicks = Math.max(0, this.pendingTicks - 1);
    const text = snapshot(this.world, this.offsetMs);
    if (text === this.written) return;
    writeAtomically(path, text);
    this.written = text;
  }

  /** On close: the last `--persist` write and the `--export-on-exit` folder. */
  close(): void {
    this.save(true);
    const dir = this.options.exportOnExit;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      writeAtomically(join(dir, EXPORT_FILE), JSON.stringify(snapshotOf(this.world, this.offsetMs)));
    }
    this.world.dispose();
  }
}

/** An `--import` folder's state; a folder without one is refused (a typo should not start an empty emulator). */
function readImport(dir: string): Snapshot {
  const saved = readSnapshot(join(dir, EXPORT_FILE));
  if (!saved)
    throw new StateFileError(
      `--import ${dir} has no readable ${EXPORT_FILE} (write one with --export-on-exit ${dir})`,
    );
  return saved;
}

/** A state folder the emulator was told to start from and cannot read. */
export class StateFileError extends Error {
  override name = 'StateFileError';
}
