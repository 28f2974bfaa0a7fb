import { CappedMap, Ring } from './bounded.js';

/**
 * What the store keeps under one name: a map, a ring, a counter, a tally or a collection of a feature's own (the
 * media store). Each says how big it is, writes itself as JSON-safe data and reads that back, and may forget what
 * is past its life.
 */
export interface Kept {
  readonly size: number;
  save(): unknown;
  load(saved: unknown): void;
  prune?(now: number): void;
}

/** A capped map the store snapshots; `expired` says what `prune` forgets. */
export class KeptMap<K, V> extends CappedMap<K, V> implements Kept {
  constructor(
    cap: number,
    private readonly expired?: (value: V, now: number, key: K) => boolean,
  ) {
    super(cap);
  }
  save(): unknown {
    return [...this];
  }
  load(saved: unknown): void {
    if (Array.isArray(saved)) for (const [k, v] of saved as [K, V][]) this.set(k, v);
  }
  prune(now: number): void {
    const expired = this.expired;
    if (expired) for (const [key, value] of this) if (expired(value, now, key)) this.delete(key);
  }
}

/** The newest `cap` items; the store snapshots them oldest first. */
export class KeptRing<T> extends Ring<T> implements Kept {
  get size(): number {
    return this.length;
  }
  save(): unknown {
    return this.toArray();
  }
  load(saved: unknown): void {
    if (Array.isArray(saved)) this.push(...(saved as T[]));
  }
}

/** A number that only grows (msgid numbering). */
export class Counter implements Kept {
  value = 0;
  readonly size = 1;
  /** The next number (1, 2, …). */
  next(): number {
    this.value += 1;
    return this.value;
  }
  save(): unknown {
    return this.value;
  }
  load(saved: unknown): void {
    this.value = Number(saved) || 0;
  }
}

/** Counts per key, at most `cap` keys; later keys count under "other". */
export class Tally implements Kept {
  readonly counts: Record<string, number> = {};
  constructor(readonly cap: number) {}
  get size(): number {
    return Object.keys(this.counts).length;
  }
  add(key: string): void {
    const k = key in this.counts || this.size < this.cap ? key : 'other';
    this.counts[k] = (this.counts[k] ?? 0) + 1;
  }
  save(): unknown {
    return this.counts;
  }
  load(saved: unknown): void {
    if (saved && typeof saved === 'object') Object.assign(this.counts, saved);
  }
}

/**
 * Everything the emulator remembers, by name. Features declare their collections here (see `world.ts`'s
 * `defineState`); the store alone knows how to snapshot, restore, size and prune them, so a new collection is
 * persisted, counted and pruned without a list to update. Saved data for a name nobody has declared yet waits
 * until it is (and is written back unchanged meanwhile).
 */
export class Store {
  private readonly kept = new Map<string, Kept>();
  private readonly pending: Map<string, unknown>;
  private readonly loaded = new Set<string>();

  constructor(saved: Record<string, unknown> = {}) {
    this.pending = new Map(Object.entries(saved));
  }

  /** Keeps `collection` under `name` (unique), filled from the saved state when there is one. */
  keep<C extends Kept>(name: string, collection: C): C {
    if (this.kept.has(name)) throw new Error(`@wxkit/emulator: two collections are named "${name}"`);
    this.kept.set(name, collection);
    if (this.pending.has(name)) {
      collection.load(this.pending.get(name));
      this.pending.delete(name);
      this.loaded.add(name);
    }
    return collection;
  }

  /** Whether `name` came back from a saved state (a feature then skips seeding it). */
  restored(name: string): boolean {
    return this.loaded.has(name);
  }

  map<K, V>(name: string, cap: number, expired?: (value: V, now: number, key: K) => boolean): KeptMap<K, V> {
    return this.keep(name, new KeptMap<K, V>(cap, expired));
  }

  ring<T>(name: string, cap: number): KeptRing<T> {
    return this.keep(name, new KeptRing<T>(cap));
  }

  counter(name: string): Counter {
    return this.keep(name, new Counter());
  }

  tally(name: string, cap: number): Tally {
    return this.keep(name, new Tally(cap));
  }

  /** Every collection as JSON-safe data, by name. */
  snapshot(): Record<string, unknown> {
    const out: Record<string, unknown> = Object.fromEntries(this.pending);
    for (const [name, collection] of this.kept) out[name] = collection.save();
    return out;
  }

  /** How much each collection holds (GET /_emulator/stats `sizes`; the memory bench prints it). */
  sizes(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, collection] of this.kept) out[name] = collection.size;
    return out;
  }

  /** Lets each collection forget what is past its life. */
  prune(now: number): void {
    for (const collection of this.kept.values()) collection.prune?.(now);
  }
}
