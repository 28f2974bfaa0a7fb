import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callbackSignature } from '@wxkit/core';
import { DEMO_WECOM } from '@wxkit/test-support';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { shot } from './helpers/browser.js';
import { serveHtml, useStage } from './helpers/stage.js';

const stage = useStage();
const closers: (() => void)[] = [];
afterAll(() => {
  for (const close of closers) close();
});

/** An iPhone 14's viewport, where the console used to be a 656 px page. */
const PHONE = { width: 390, height: 844 };
const TOKEN = 'PhoneOaToken1';
const json = { 'content-type': 'application/json' };

const widths = (page: Page) =>
  page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));

/** An OA server whose follow reply is hostile text with a link, as an attacker's app could answer. */
async function hostileOaServer(): Promise<string> {
  const server = createServer(async (req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    if (q.get('signature') !== callbackSignature([TOKEN, q.get('timestamp') ?? '', q.get('nonce') ?? ''])) {
      res.statusCode = 401;
      return res.end();
    }
    if (req.method === 'GET') return res.end(q.get('echostr') ?? '');
    for await (const _ of req);
    res.setHeader('content-type', 'text/xml');
    res.end(
      '<xml><ToUserName><![CDATA[o]]></ToUserName><FromUserName><![CDATA[gh]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType>' +
        '<Content><![CDATA[感谢关注<img src=x onerror="window.__pwned=1">\n<a href="https://survey.example/s/1">填写问卷</a> <a href="javascript:window.__pwned=2">x</a>]]></Content></xml>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/wx/events`;
}

describe('the console on a phone', () => {
  it('never scrolls sideways at 390 px, on any console page, with a nav that wraps', async () => {
    const emu = stage.emulator.url;
    const token = (
      (await (
        await fetch(`${emu}/cgi-bin/gettoken?corpid=${DEMO_WECOM.corpId}&corpsecret=${DEMO_WECOM.corpSecret}`)
      ).json()) as { access_token: string }
    ).access_token;
    await fetch(`${emu}/cgi-bin/message/send?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify({
        touser: 'zhangsan',
        agentid: 1000002,
        msgtype: 'textcard',
        textcard: {
          title: '问卷提醒',
          description:
            '<div class="gray">2026年12月6日</div><div class="normal">本周问卷还没有填写，一个很长很长的没有空格的地址https://survey.example/a/very/long/path/without/any/break/at/all</div><div class="highlight">请于周五前完成</div>',
          url: 'https://survey.example/s/1',
        },
      }),
    });
    await fetch(`${emu}/cgi-bin/user/get?access_token=bogus&userid=x`);
    await fetch(`${emu}/_emulator/oa/qrcode`, { method: 'POST', headers: json, body: '{"scene":"poster"}' });
    const page = await stage.browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    const pages = [
      '/',
      '/_emulator/console/contacts',
      '/_emulator/console/oa',
      '/_emulator/oa/outbox',
      '/_emulator/oa/subscriptions',
      '/_emulator/console/providers',
      '/_emulator/console/state',
    ];
    for (const path of pages) {
      await page.goto(`${emu}${path}`);
      expect(await widths(page), path).toEqual({ scroll: PHONE.width, inner: PHONE.width });
    }
    await page.goto(emu);
    // Every nav link is on screen and big enough to read.
    for (const box of await page.locator('nav a').evaluateAll((links) =>
      links.map((a) => {
        const r = a.getBoundingClientRect();
        return { left: r.left, right: r.right, size: Number.parseFloat(getComputedStyle(a).fontSize) };
      }),
    )) {
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(PHONE.width);
      expect(box.size).toBeGreaterThanOrEqual(13);
    }
    expect(await page.locator('#inbox .textcard .highlight').textContent()).toBe('请于周五前完成');
    await shot(page, 'console-phone.png');
    await page.close();
  });

  it('shows the follow reply as the follower’s chat shows it, the app’s markup as text', async () => {
    const emu = stage.emulator.url;
    const saved = await fetch(`${emu}/_emulator/oa/callback`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ url: await hostileOaServer(), token: TOKEN }),
    });
    expect(((await saved.json()) as { ok: boolean }).ok).toBe(true);
    const page = await stage.browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    await page.goto(`${emu}/_emulator/console/oa`);
    await page.click('button[data-scan]');
    const reply = page.locator('[id^=scan-result] .reply[data-reply-type=text]');
    await reply.waitFor();
    expect(await reply.textContent()).toBe('感谢关注<img src=x onerror="window.__pwned=1">\n填写问卷 x');
    expect(await reply.locator('a').first().getAttribute('href')).toBe('https://survey.example/s/1');
    expect(await reply.locator('a').nth(1).getAttribute('href')).toBe('#');
    expect(await reply.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await widths(page)).toEqual({ scroll: PHONE.width, inner: PHONE.width });
    await shot(page, 'console-oa-phone.png');
    await page.close();
  });

  it('keeps the bridge banner off the page: the first button, even in a bottom bar, stays uncovered and tappable', async () => {
    serveHtml(
      stage,
      `<!doctype html><html><head><meta name="viewport" content="width=device-width,initial-scale=1">
<script src="${stage.emulator.url}/jssdk/bridge.js?client=wecom"></script></head>
<body style="margin:0;font:16px sans-serif"><h1 style="margin:0;padding:8px">问卷</h1>
<div style="position:fixed;left:0;right:0;bottom:0;padding:8px;background:#fff"><button id="first" style="width:100%;height:44px" onclick="this.textContent='tapped'">提交</button></div>
</body></html>`,
    );
    const page = await stage.browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    await page.goto(`${stage.origin}/`);
    const banner = page.locator('#wxkit-emulator-banner');
    await expect.poll(() => banner.textContent()).toContain('JS-SDK bridge loaded');
    const [b, f, h1] = await Promise.all([
      banner.boundingBox(),
      page.locator('#first').boundingBox(),
      page.locator('h1').boundingBox(),
    ]);
    if (!b || !f || !h1) throw new Error('banner, button or heading not laid out');
    const overlaps = (a: typeof b, c: typeof b) =>
      a.x < c.x + c.width && c.x < a.x + a.width && a.y < c.y + c.height && c.y < a.y + a.height;
    expect(overlaps(b, f)).toBe(false);
    expect(overlaps(b, h1)).toBe(false);
    // What a tap at the button's centre reaches is the button itself.
    expect(
      await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.id, {
        x: f.x + f.width / 2,
        y: f.y + f.height / 2,
      }),
    ).toBe('first');
    await shot(page, 'bridge-banner-phone.png');
    // A tap folds the banner away.
    await banner.click();
    expect(await banner.isVisible()).toBe(false);
    await page.close();
  });
});
