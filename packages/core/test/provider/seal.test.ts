import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openText, openWith, sealKey, sealWith } from '../../src/crypto/seal.js';
import { createSealer } from '../../src/index.js';
import { createSecretSealer } from '../../src/provider/seal.js';
import fixture from '../fixtures/sealed-permanent-code-v1.json' with { type: 'json' };

describe("the provider's permanent-code sealer is core's one seal", () => {
  it('opens a permanent code sealed by the code before the seal was unified (committed fixture)', () => {
    const sealer = createSecretSealer(fixture.sealSecret, fixture.purpose);
    expect(sealer.open(fixture.sealed, fixture.boundTo)).toBe(fixture.value);
    // The record's key is the aad: the same token under another corp's record does not open.
    expect(sealer.open(fixture.sealed, fixture.boundTo.replace('wwcorpA', 'wwcorpB'))).toBeUndefined();
  });

  it("seals what core's openText opens with the record key as aad, and nothing opens without that aad", () => {
    const key = sealKey(fixture.sealSecret, fixture.purpose);
    const sealer = createSecretSealer(fixture.sealSecret, fixture.purpose);
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (value, boundTo) => {
        const sealed = sealer.seal(value, boundTo);
        expect(openText(key, sealed, { aad: boundTo })).toBe(value);
        expect(openText(key, sealed, { aad: `${boundTo}x` })).toBeUndefined();
        if (boundTo !== '') expect(openText(key, sealed)).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });
});

describe('additional authenticated data in core seal', () => {
  it('binds a sealed value to its aad: sealWith/openWith and createSealer', () => {
    const key = new Uint8Array(32).fill(3);
    const token = sealWith(key, { corpId: 'wwcorpA' }, { aad: 'record:A' });
    expect(openWith(key, token, { aad: 'record:A' })).toEqual({ corpId: 'wwcorpA' });
    expect(openWith(key, token, { aad: 'record:B' })).toBeUndefined();
    expect(openWith(key, token)).toBeUndefined();
    const sealer = createSealer('a-session-secret-of-32-characters!!');
    const sealed = sealer.seal('p', [1, 2], { aad: 'x' });
    expect(sealer.open('p', sealed, { aad: 'x' })).toEqual([1, 2]);
    expect(sealer.open('p', sealed)).toBeUndefined();
    // Without aad the tokens are what they were: sealed before this change, they still open.
    expect(sealer.open('p', sealer.seal('p', 'v'))).toBe('v');
  });
});
