import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replyLang } from '../src/accept-language.js';
import { CHINESE_CODES } from '../src/error-zh.js';
import { harness } from './helpers.js';

const zh = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' };
const han = /\p{Script=Han}/u;

describe('the language of JSON errors', () => {
  it('reads Accept-Language by weight: Chinese only when a zh tag is asked for first', () => {
    expect(replyLang('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(replyLang('en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en');
    expect(replyLang('en;q=0.5, zh-TW')).toBe('zh');
    expect(replyLang('zh;q=0, en')).toBe('en');
    expect(replyLang('zhx, zh')).toBe('en');
    expect(replyLang('*')).toBe('en');
    expect(replyLang(undefined)).toBe('en');
  });

  it('picks the first tag of the highest weight for any list of tags and weights (property)', () => {
    const tag = fc.constantFrom('zh', 'zh-CN', 'zh-Hant-TW', 'en', 'en-US', 'ja', 'fr-CA', '*');
    const weight = fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined });
    fc.assert(
      fc.property(fc.array(fc.tuple(tag, weight), { maxLength: 6 }), (items) => {
        const header = items
          .map(([t, w]) => (w === undefined ? t : `${t};q=${(w / 1000).toFixed(3)}`))
          .join(', ');
        const q = (w: number | undefined) => (w === undefined ? 1 : w / 1000);
        let best: [string, number] = ['', 0];
        for (const [t, w] of items) if (q(w) > best[1]) best = [t, q(w)];
        expect(replyLang(header)).toBe(best[0].startsWith('zh') ? 'zh' : 'en');
      }),
    );
    fc.assert(fc.property(fc.string(), (header) => ['zh', 'en'].includes(replyLang(header))));
  });

  it('answers a browser that asks for Chinese in Chinese, keeping code and errcode; English otherwise', async () => {
    const h = await harness();
    const me = await h.app('/wx/me', { headers: zh });
    expect(me.headers.get('content-language')).toBe('zh-CN');
    const { error } = (await me.json()) as { error: { code: string; message: string; hint: string } };
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toMatch(han);
    expect(error.hint).toContain('/wx/login');
    const english = await h.app('/wx/me', { headers: { 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' } });
    expect(english.headers.get('content-language')).toBeNull();
    expect(await english.json()).toMatchObject({ error: { message: 'No valid session' } });

    const session = await h.app('/wx/session', {
      method: 'POST',
      headers: { ...zh, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'CODE', state: 'STATE' }),
    });
    const refusal = (await session.json()) as { error: { code: string; message: string }; restart: boolean };
    expect(refusal).toMatchObject({ error: { code: 'state_unknown' }, restart: true });
    expect(refusal.error.message).toMatch(han);
    const bad = await h.app('/wx/login?redirect=%2F%2Fevil.example', { headers: zh });
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      'redirect 必须是本站的路径',
    );
  });

  it("answers the app's own routes (requireUser, refuseCrossSite) by the same rule", async () => {
    const h = await harness();
    const denied = (await h.wx.requireUser(
      new Request('http://localhost:3000/api', { headers: zh }),
    )) as Response;
    expect(((await denied.json()) as { error: { message: string } }).error.message).toMatch(han);
    const cross = h.wx.refuseCrossSite(
      new Request('http://localhost:3000/api', {
        method: 'POST',
        headers: { ...zh, origin: 'https://evil.example' },
      }),
    );
    expect(((await (cross as Response).json()) as { error: { message: string } }).error.message).toMatch(
      /^拒绝跨站请求/,
    );
  });

  it('has Chinese for every error code the browser-facing routes can answer', () => {
    const src = join(import.meta.dirname, '..', 'src');
    const files = [
      'router.ts',
      'http.ts',
      'csrf.ts',
      'own-routes.ts',
      'body-consumed-reply.ts',
      'routes/login.ts',
      'routes/session.ts',
      'routes/exchange.ts',
      'routes/jssdk.ts',
    ];
    const codes = new Set(
      files.flatMap((f) =>
        [...readFileSync(join(src, f), 'utf8').matchAll(/code: '([a-z_]+)'/g)].map((m) => m[1]),
      ),
    );
    // Kit codes of the login pages (HTML in both languages already), not JSON errors.
    for (const page of ['declined', 'too_many_attempts']) codes.delete(page);
    expect([...codes].filter((c) => !CHINESE_CODES.includes(c as string))).toEqual([]);
  });
});
