import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildUrl } from '../src/client/context.js';

/** What buildUrl did before it serialised the query once: each parameter set on the parsed URL in turn. */
function oneByOne(base: string, path: string, query: Record<string, string | number | undefined>): URL {
  const url = new URL(path, base);
  for (const [name, value] of Object.entries(query))
    if (value !== undefined) url.searchParams.set(name, String(value));
  return url;
}

const queryValue = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer(),
  fc.constant(undefined),
);

describe('the URL of a platform call', () => {
  it('is the same as setting each parameter on the URL in turn, for any parameters', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          '/cgi-bin/user/get',
          '/cgi-bin/a b',
          '/sns/oauth2/access_token',
          '/x?keep=1',
          '/y#frag',
        ),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), queryValue, { maxKeys: 5 }),
        (path, query) => {
          const base = 'https://qyapi.weixin.qq.com';
          expect(buildUrl(base, path, query).href).toBe(oneByOne(base, path, query).href);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('sends a token with characters that need escaping escaped, and drops undefined parameters', () => {
    const url = buildUrl('http://127.0.0.1:9', '/cgi-bin/gettoken', {
      corpid: 'ww1',
      corpsecret: 'a+b/c=',
      x: undefined,
    });
    expect(url.search).toBe('?corpid=ww1&corpsecret=a%2Bb%2Fc%3D');
    expect(url.searchParams.get('corpsecret')).toBe('a+b/c=');
  });
});
