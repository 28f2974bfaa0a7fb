import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openWith, sealWith } from '../src/crypto/seal.js';
import { createSealer } from '../src/index.js';

describe('the one seal (AES-256-GCM) of core and the server kit', () => {
  it('opens what it sealed, for any JSON value, and only under the same purpose', () => {
    const sealer = createSealer('a-session-secret-of-32-characters!!');
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const token = sealer.seal('session', value);
        expect(sealer.open('session', token)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(sealer.open('login-state', token)).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });

  it('never reuses an IV, and tokens sealed before the IV buffer refills still open after it (10,000 seals)', () => {
    const key = new Uint8Array(32).fill(3);
    const tokens = Array.from({ length: 10_000 }, (_, i) => sealWith(key, { i }));
    const ivs = new Set(tokens.map((t) => Buffer.from(t, 'base64url').subarray(0, 12).toString('hex')));
    expect(ivs.size).toBe(tokens.length);
    expect(tokens.every((t, i) => openWith<{ i: number }>(key, t)?.i === i)).toBe(true);
  });

  it('opens nothing that was tampered with, sealed under another key, oversized or not base64url', () => {
    const key = new Uint8Array(32).fill(7);
    const token = sealWith(key, { userid: 'zhangsan' });
    const flipped = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
    expect(openWith(key, flipped)).toBeUndefined();
    expect(openWith(new Uint8Array(32).fill(8), token)).toBeUndefined();
    expect(openWith(key, 'A'.repeat(9000))).toBeUndefined();
    expect(openWith(key, `${token}!`)).toBeUndefined();
    expect(openWith(key, undefined)).toBeUndefined();
    expect(openWith(key, token)).toEqual({ userid: 'zhangsan' });
  });
});
