/**
 * The values this process last saw in Redis, served while Redis is unreachable. Bounded: at most `max` entries
 * (the least recently used go first) and expired entries are swept as writes arrive.
 */
export function createShadow({ max, clock }: { max: number; clock: () => number }) {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  let writes = 0;

  const sweep = () => {
    const now = clock();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
  };

  return {
    get(key: string): string | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= clock()) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key: string, value: string, ttlMs: number) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: clock() + ttlMs });
      // A full sweep every `max` writes costs about one step per write.
      if (++writes % max === 0) sweep();
      while (entries.size > max) entries.delete(entries.keys().next().value as string);
    },
    delete(key: string) {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
