import { randomFillSync } from 'node:crypto';

/*
 * Random bytes for the many small values a login makes (IVs, session ids, login nonces), cut from a buffer refilled
 * from the CSPRNG: one system call per few hundred values instead of one each. Each byte is handed out once and
 * copied out, so a refill can never change a value already given.
 */
const pool = Buffer.alloc(4096);
let next = pool.length;

/** `length` (at most 256) fresh random bytes from the pooled CSPRNG, as a new Buffer. */
export function pooledRandomBytes(length: number): Buffer {
  if (!Number.isInteger(length) || length < 1 || length > 256)
    throw new RangeError(`pooledRandomBytes: length must be an integer from 1 to 256, got ${length}`);
  if (next + length > pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const bytes = Buffer.allocUnsafe(length);
  pool.copy(bytes, 0, next, next + length);
  // Spent bytes are zeroed so no copy of a handed-out value stays in the pool.
  pool.fill(0, next, next + length);
  next += length;
  return bytes;
}
