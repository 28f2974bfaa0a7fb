import type { Logger } from '@wxkit/core';
import { authorizeAs, UA } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { cookiesOf, harness } from './helpers.js';

const recorder = () => {
  const warnings: string[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (message) => void warnings.push(message),
    error() {},
  };
  return { warnings, logger };
};

const login = (h: Awaited<ReturnType<typeof harness>>, headers: Record<string, string> = {}) =>
  h.app('/wx/login?redirect=%2Fsurvey', { headers: { 'user-agent': UA.wecomIOS, ...headers } });

describe('a missing publicUrl behind a proxy, against the emulator', () => {
  it('warns once when the request came through a proxy whose X-Forwarded-* headers the kit does not use', async () => {
    const { warnings, logger } = recorder();
    const h = await harness({ logger });
    expect(warnings).toEqual([]);
    const proxied = { 'x-forwarded-host': 'app.example.com', 'x-forwarded-proto': 'https' };
    await login(h, proxied);
    await login(h, proxied);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('redirect_uri http://localhost:3000/wx/callback');
    expect(warnings[0]).toContain('X-Forwarded-Host: app.example.com');
    expect(warnings[0]).toContain('X-Forwarded-Proto: https');
    expect(warnings[0]).toMatch(/set publicUrl .*or trustProxy/);
  });

  it('warns when a same-origin page navigates from another origin than the one the kit builds (a proxy rewrote Host)', async () => {
    const { warnings, logger } = recorder();
    const h = await harness({ logger });
    await login(h, { 'sec-fetch-site': 'same-origin', referer: 'https://app.example.com/survey' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("the page's own origin https://app.example.com");
  });

  it('stays quiet without a proxy, with publicUrl, and when trustProxy makes the kit use the forwarded host', async () => {
    const quiet = async (extra: object, headers: Record<string, string>) => {
      const { warnings, logger } = recorder();
      const h = await harness({ logger, ...extra });
      await login(h, headers);
      return warnings;
    };
    const proxied = { 'x-forwarded-host': 'app.example.com', 'x-forwarded-proto': 'https' };
    expect(
      await quiet({}, { 'sec-fetch-site': 'same-origin', referer: 'http://localhost:3000/survey' }),
    ).toEqual([]);
    expect(await quiet({ publicUrl: 'https://app.example.com' }, proxied)).toEqual([]);
    expect(await quiet({ trustProxy: true }, proxied)).toEqual([]);
  });

  it('names the redirect_uri origin the kit built, and publicUrl, on the 50001 page and in the JSON hint', async () => {
    const h = await harness();
    const fault = () =>
      h.emu.fetch('/_emulator/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ path: '/cgi-bin/auth/getuserinfo', count: 1, errcode: 50001 }),
      });
    await fault();
    const start = await login(h, { 'x-forwarded-host': 'app.example.com' });
    const { back } = await authorizeAs(h.emu.fetch, start.headers.get('location') ?? '', 'zhangsan');
    const page = await h.app(back.pathname + back.search, {
      headers: {
        cookie: cookiesOf(start),
        'sec-fetch-mode': 'navigate',
        'x-forwarded-host': 'app.example.com',
      },
    });
    expect(page.status).toBe(502);
    const html = await page.text();
    expect(html).toContain('50001');
    expect(html).toContain('<code>http://localhost:3000</code>');
    expect(html).toContain('X-Forwarded-Host: app.example.com');
    expect(html).toContain('publicUrl');

    await fault();
    const { response } = await h.loginVia('spa', 'zhangsan');
    const { error } = (await response.json()) as { error: { errcode: number; hint: string } };
    expect(error.errcode).toBe(50001);
    expect(error.hint).toMatch(
      /built redirect_uri on http:\/\/localhost:3000 from the request's Host header/,
    );
    expect(error.hint).toContain('set publicUrl');
  });
});

describe('the origin of each request, with trustProxy and no publicUrl', () => {
  it('follows the forwarded host of every request in turn (no origin of an earlier request is reused)', async () => {
    const h = await harness({ trustProxy: true });
    const at = async (host: string, proto: string) => {
      const reply = await login(h, { 'x-forwarded-host': host, 'x-forwarded-proto': proto });
      return new URL(new URL(reply.headers.get('location') ?? '').searchParams.get('redirect_uri') ?? '')
        .origin;
    };
    expect(await at('a.example.com', 'https')).toBe('https://a.example.com');
    expect(await at('b.example.com', 'https')).toBe('https://b.example.com');
    expect(await at('b.example.com', 'http')).toBe('http://b.example.com');
    expect(await at('a.example.com', 'https')).toBe('https://a.example.com');
  });
});
