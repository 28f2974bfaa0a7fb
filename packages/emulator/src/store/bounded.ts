/**
 * A Map that forgets its oldest entries (insertion order) past `cap`: every map the emulator keeps per request
 * (tokens, codes, tickets, rate windows) is one, so no traffic pattern grows it without bound.
 */
export class CappedMap<K, V> extends Map<K, V> {
  constructor(readonly cap: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.cap) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}

/** The newest `cap` items (journal, inbox, callback events): push is O(1) amortised, old items fall off. */
export class Ring<T> {
  private items: T[] = [];
  private start = 0;

  constructor(readonly cap: number) {}

  get length(): number {
    return this.items.length - this.start;
  }

  push(...values: T[]): number {
    this.items.push(...values);
    if (this.length > this.cap) this.start = this.items.length - this.cap;
    // Compact once the dead prefix is as large as the live part, so the array stays under 2 × cap.
    if (this.start >= this.cap) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
    return this.length;
  }

  slice(from?: number, to?: number): T[] {
    return this.toArray().slice(from, to);
  }

  toArray(): T[] {
    return this.items.slice(this.start);
  }

  toJSON(): T[] {
    return this.toArray();
  }

  [Symbol.iterator](): Iterator<T> {
    return this.toArray()[Symbol.iterator]();
  }
}
