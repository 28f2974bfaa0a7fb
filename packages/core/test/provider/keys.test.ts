import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ProviderKeyPart, providerKey } from '../../src/provider/index.js';

const CORP_KINDS = ['corp_token', 'corp_jsapi_ticket', 'corp_agent_ticket'] as const;
// Ids from a small space of the values that break naive joins (the separator, the escape and what it spells,
// the empty id), mixed with arbitrary short strings, so colliding pairs are common among the generated ones.
const id = fc.oneof(
  fc.constantFrom('', 'a', ':', 'a:', ':a', 'a:a', '%3A', '%', 'A%3Aa'),
  fc.string({ unit: fc.constantFrom('a', ':', '%', '3', 'A', '|'), maxLength: 4 }),
);

const part: fc.Arbitrary<ProviderKeyPart> = fc.oneof(
  fc.record({ kind: fc.constant('provider_token' as const), providerCorpId: id, secret: id }),
  fc.record({ kind: fc.constant('suite_token' as const), suiteId: id, secret: id }),
  fc.record({ kind: fc.constantFrom('suite_ticket' as const, 'suite_oauth' as const), suiteId: id }),
  fc.record({ kind: fc.constantFrom(...CORP_KINDS), suiteId: id, corpId: id, generation: id }),
  fc.record({ kind: fc.constantFrom('corp_oauth' as const, 'tenant' as const), suiteId: id, corpId: id }),
  fc.record({ kind: fc.constant('tenant_index' as const), suiteId: id, bucket: fc.nat(64) }),
);
const canonical = (p: ProviderKeyPart) => JSON.stringify(Object.entries(p).sort());

describe('provider keys', () => {
  it('never maps two distinct (kind, suite, corp) tuples to one key, whatever the ids contain', () => {
    // Many tuples at once: colliding pairs (a:b + c against a + b:c) turn up among them by the birthday effect.
    fc.assert(
      fc.property(fc.array(part, { minLength: 20, maxLength: 120 }), (parts) => {
        const distinct = new Set(parts.map(canonical));
        // Secrets count by a 48-bit fingerprint; two different secrets sharing one is not a realistic case here.
        expect(new Set(parts.map(providerKey)).size).toBe(distinct.size);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the suite and the corp apart when an id carries the separator', () => {
    const a = providerKey({ kind: 'tenant', suiteId: 'ww1:ww2', corpId: 'c' });
    const b = providerKey({ kind: 'tenant', suiteId: 'ww1', corpId: 'ww2:c' });
    expect(a).not.toBe(b);
  });

  it('shows a secret only as a fingerprint', () => {
    const key = providerKey({ kind: 'suite_token', suiteId: 'ww1', secret: 'very-secret-value' });
    expect(key).not.toContain('very-secret-value');
  });
});
