import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { UA } from '@wxkit/test-support';
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shot } from './helpers/browser.js';
import { useStage } from './helpers/stage.js';

const WECOM_SDK = readFileSync(
  createRequire(import.meta.url).resolve('@wecom/jssdk/dist/wecom.global.js'),
  'utf8',
);
const PANEL_ORIGIN = 'https://login.work.weixin.qq.com';

/** The site's login page: the official SDK's panel, reporting what the panel tells it. */
const LOGIN_PAGE = (redirectUri: string, redirectType: string) => `<!doctype html><html><body>
<h1>Sign in</h1><div id="panel"></div><pre id="log"></pre>
<script src="/wecom.js"></script>
<script>
  window.events = [];
  ww.createWWLoginPanel({
    el: '#panel',
    params: { login_type: 'CorpApp', appid: 'ww0123456789abcdef', agentid: '1000002',
      redirect_uri: ${JSON.stringify(redirectUri)}, state: 'panelState1'${redirectType ? `, redirect_type: ${JSON.stringify(redirectType)}` : ''} },
    onCheckWeComLogin: (r) => window.events.push({ check: r.isWeComLogin }),
    onLoginSuccess: (r) => window.events.push({ code: r.code }),
    onLoginFail: (e) => window.events.push({ fail: e }),
  });
</script></body></html>`;

const stage = useStage({
  site: (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/wecom.js')
      return res.writeHead(200, { 'content-type': 'text/javascript' }).end(WECOM_SDK);
    if (url.pathname === '/login')
      return res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          LOGIN_PAGE(
            url.searchParams.get('redirect') ?? `http://localhost:${stage.port}/done`,
            url.searchParams.get('type') ?? 'callback',
          ),
        );
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<p id="landed">landed</p>');
  },
  trust: (seed, _host, port) => {
    const app = seed.wecom[0]!.apps[0]!;
    // Only the OAuth trusted domain: web login accepts it too (doc 98171, redirect_uri域名说明).
    app.trustedDomains = [`localhost:${port}`];
    app.webLoginDomains = [];
  },
});

/** A browser whose login.work.weixin.qq.com is the emulator (the SDK hard-codes that origin). */
async function contextWithPanel(): Promise<BrowserContext> {
  const context = await stage.browser.newContext({ userAgent: UA.desktop });
  await context.route(`${PANEL_ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const answer = await fetch(`${stage.emulator.url}${url.pathname}${url.search}`, { redirect: 'manual' });
    await route.fulfill({
      status: answer.status,
      headers: Object.fromEntries(answer.headers),
      body: Buffer.from(await answer.arrayBuffer()),
    });
  });
  return context;
}

const userOf = async (code: string) => {
  const token = (
    (await (
      await fetch(
        `${stage.emulator.url}/cgi-bin/gettoken?corpid=ww0123456789abcdef&corpsecret=survey-secret-0123456789abcdefghijklmnopqrs`,
      )
    ).json()) as { access_token: string }
  ).access_token;
  return (await (
    await fetch(
      `${stage.emulator.url}/cgi-bin/auth/getuserinfo?access_token=${token}&code=${encodeURIComponent(code)}`,
    )
  ).json()) as { errcode: number; userid?: string };
};

describe('ww.createWWLoginPanel against the emulator', () => {
  it('frames the panel, reports onCheckWeComLogin, and hands the code to onLoginSuccess (redirect_type=callback)', async () => {
    const context = await contextWithPanel();
    const page = await context.newPage();
    await page.goto(`http://localhost:${stage.port}/login`);
    const panel = page.frameLocator('#panel iframe');
    await panel.locator('[data-login-as="zhangsan"]').waitFor();
    await page.waitForFunction(() => (window as unknown as { events: unknown[] }).events.length > 0);
    await shot(page, 'login-panel.png', { fullPage: false });
    await panel.locator('[data-login-as="zhangsan"]').click();
    await page.waitForFunction(() =>
      (window as unknown as { events: { code?: string }[] }).events.some((e) => e.code),
    );
    const events = (await page.evaluate(() => (window as unknown as { events: unknown[] }).events)) as {
      check?: boolean;
      code?: string;
    }[];
    expect(events[0]).toEqual({ check: false });
    const code = events.find((e) => e.code)?.code ?? '';
    expect(await userOf(code)).toMatchObject({ errcode: 0, userid: 'zhangsan' });
    expect(page.url()).toBe(`http://localhost:${stage.port}/login`);
    await context.close();
  });

  it('sends the top window to redirect_uri with code and state by default (no redirect_type: top)', async () => {
    const context = await contextWithPanel();
    const page = await context.newPage();
    await page.goto(`http://localhost:${stage.port}/login?type=`);
    await page.frameLocator('#panel iframe').locator('[data-login-as="lisi"]').click();
    await page.waitForSelector('#landed');
    const landed = new URL(page.url());
    expect(landed.pathname).toBe('/done');
    expect(landed.searchParams.get('state')).toBe('panelState1');
    expect(await userOf(landed.searchParams.get('code') ?? '')).toMatchObject({ userid: 'lisi' });
    await context.close();
  });

  it('never hands a code to a page on another origin that frames the panel for a trusted redirect_uri', async () => {
    const context = await contextWithPanel();
    const page = await context.newPage();
    // 127.0.0.1 is not the redirect's origin (localhost): an attacker's page framing the victim app's panel.
    await page.goto(
      `http://127.0.0.1:${stage.port}/login?redirect=${encodeURIComponent(`http://localhost:${stage.port}/done`)}`,
    );
    const panel = page.frameLocator('#panel iframe');
    await panel.locator('body[data-refused]').waitFor();
    await panel.locator('[data-login-as="zhangsan"]').click();
    await panel.locator('body[data-announce]').waitFor();
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { events: unknown[] }).events)).toEqual([]);
    await context.close();
  });
});
