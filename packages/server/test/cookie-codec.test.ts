import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cookie, parseCookies } from '../src/http.js';

const pairOf = (setCookie: string) => setCookie.split('; ')[0] as string;

describe('cookie values written and read back', () => {
  it('any value comes back unchanged, whether written as it is or percent-encoded', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.base64String({ maxLength: 80 }),
        (text, token) => {
          const header = [
            cookie('a', text, { maxAge: 60, secure: false }),
            cookie('b', token, { maxAge: 60, secure: false }),
          ]
            .map(pairOf)
            .join('; ');
          expect(parseCookies(header)).toEqual({ a: text, b: token });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes a base64url token as it is and encodes what would break the header', () => {
    expect(pairOf(cookie('s', 'aZ09_-', { maxAge: 1, secure: false }))).toBe('s=aZ09_-');
    expect(pairOf(cookie('s', 'a; Path=/evil', { maxAge: 1, secure: false }))).toBe(
      's=a%3B%20Path%3D%2Fevil',
    );
    expect(pairOf(cookie('s', 'x=1,y', { maxAge: 1, secure: false }))).toBe('s=x%3D1%2Cy');
  });

  it('keeps a value with a broken escape out rather than failing the request', () => {
    expect(parseCookies('a=%E4%ZZ; b=ok')).toEqual({ b: 'ok' });
  });

  it('reads cookies named like object members as cookies, and finds no member where no cookie is', () => {
    const cookies = parseCookies('__proto__=a; constructor=b; toString=c');
    expect(Object.entries(cookies)).toEqual([
      ['__proto__', 'a'],
      ['constructor', 'b'],
      ['toString', 'c'],
    ]);
    expect(Object.getPrototypeOf(parseCookies('x=1'))).toBeNull();
    expect(parseCookies('x=1')['toString']).toBeUndefined();
    expect(parseCookies('x=1')['hasOwnProperty']).toBeUndefined();
  });
});
