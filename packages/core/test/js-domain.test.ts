import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsDomainCovers } from '../src/rules/index.js';

const segment = fc.stringMatching(/^[a-z0-9_-]{1,8}$/);

describe('OA JS接口安全域名 entries (audit-3 N-L18)', () => {
  it('covers a page by hostname when the entry names no port, as the MP console takes no port', () => {
    expect(jsDomainCovers('wx.qq.com', 'https://wx.qq.com/a')).toBe(true);
    expect(jsDomainCovers('wx.qq.com', 'http://wx.qq.com:8080/a')).toBe(true);
    expect(jsDomainCovers('wx.qq.com', 'https://qq.com/a')).toBe(false);
    expect(jsDomainCovers('wx.qq.com', 'https://a.wx.qq.com/a')).toBe(false);
  });

  it('matches an entry with a port exactly (the emulator quirk for localhost pages)', () => {
    expect(jsDomainCovers('localhost:3000', 'http://localhost:3000/x')).toBe(true);
    expect(jsDomainCovers('localhost:3000', 'http://localhost:3001/x')).toBe(false);
  });

  it('covers a path entry and what lies below it, never a sibling that shares its letters', () => {
    expect(jsDomainCovers('wx.qq.com/mp', 'https://wx.qq.com/mp')).toBe(true);
    expect(jsDomainCovers('wx.qq.com/mp', 'https://wx.qq.com/mp/page?x=1')).toBe(true);
    expect(jsDomainCovers('wx.qq.com/mp', 'https://wx.qq.com/mpx')).toBe(false);
    expect(jsDomainCovers('wx.qq.com/mp', 'https://wx.qq.com/')).toBe(false);
  });

  it('refuses a page URL that does not parse', () => {
    expect(jsDomainCovers('wx.qq.com', 'wx.qq.com/a')).toBe(false);
  });

  it('holds for any path: below the prefix is covered, beside it is not (property)', () => {
    fc.assert(
      fc.property(segment, fc.array(segment, { maxLength: 3 }), segment, (prefix, rest, other) => {
        const below = `https://h.example.com/${prefix}${rest.map((r) => `/${r}`).join('')}`;
        expect(jsDomainCovers(`h.example.com/${prefix}`, below)).toBe(true);
        fc.pre(other !== prefix);
        expect(jsDomainCovers(`h.example.com/${prefix}`, `https://h.example.com/${other}/x`)).toBe(
          other.startsWith(`${prefix}/`),
        );
      }),
    );
  });
});
