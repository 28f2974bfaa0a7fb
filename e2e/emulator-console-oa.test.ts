import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callbackSignature } from '@wxkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { shot } from './helpers/browser.js';
import { useStage } from './helpers/stage.js';

const closers: (() => Promise<void>)[] = [];

const stage = useStage({ trust: () => {} });
afterAll(async () => {
  for (const close of closers) await close();
});

const TOKEN = 'ConsoleOaToken1';

/** A plaintext OA server: echoes the check, answers each event with a text reply naming it. */
async function oaServer() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const q = url.searchParams;
    if (q.get('signature') !== callbackSignature([TOKEN, q.get('timestamp') ?? '', q.get('nonce') ?? ''])) {
      res.statusCode = 401;
      return res.end();
    }
    if (req.method === 'GET') return res.end(q.get('echostr') ?? '');
    let body = '';
    for await (const chunk of req) body += chunk;
    const from = /<FromUserName><!\[CDATA\[(.*?)\]\]>/.exec(body)?.[1] ?? '';
    const event = /<Event><!\[CDATA\[(.*?)\]\]>/.exec(body)?.[1] ?? '';
    res.setHeader('content-type', 'text/xml');
    res.end(
      `<xml><ToUserName><![CDATA[${from}]]></ToUserName><FromUserName><![CDATA[gh]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[reply to ${event}]]></Content></xml>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/wx/events`;
}

const post = (path: string, body: unknown) =>
  fetch(`${stage.emulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => r.json() as Promise<Record<string, unknown>>);

describe('the console view of Official Accounts', () => {
  it('creates a QR code from the form, scans it as a new user (subscribe) and as a follower (SCAN), showing the reply', async () => {
    expect(await post('/_emulator/oa/callback', { url: await oaServer(), token: TOKEN })).toMatchObject({
      ok: true,
    });
    const page = await stage.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${stage.emulator.url}/`);
    await page.click('a[href="/_emulator/console/oa"]');
    await page.waitForURL(/console\/oa/);
    await page.fill('input[name=scene]', 'poster-9');
    await page.fill('input[name=expire]', '600');
    await Promise.all([page.waitForEvent('load'), page.click('button[data-create]')]);
    expect(await page.textContent('main')).toContain('poster-9');
    expect(await page.locator('td.qr svg').count()).toBe(1);
    await page.click('button[data-scan]');
    await page.waitForFunction(() =>
      document.querySelector('[id^=scan-result]')?.textContent?.includes('subscribe'),
    );
    const first = (await page.textContent('[id^=scan-result]')) ?? '';
    expect(first).toMatch(/subscribe from o[A-Za-z0-9_-]{27} · HTTP 200/);
    // The reply shows as the follower's chat shows it, not as XML.
    expect(await page.textContent('[id^=scan-result] .reply[data-reply-type=text]')).toBe(
      'reply to subscribe',
    );
    expect(first).not.toContain('<xml>');
    const openid = /from (\S+)/.exec(first)?.[1] ?? '';
    await page.reload();
    expect(await page.textContent('main')).toContain(openid);
    await page.selectOption('select[data-scan-as]', openid);
    await page.click('button[data-scan]');
    await page.waitForFunction(() =>
      document.querySelector('[id^=scan-result]')?.textContent?.includes('SCAN'),
    );
    expect(await page.textContent('[id^=scan-result]')).toContain('reply to SCAN');
    await shot(page, 'console-oa.png');
    await page.close();
  });
});
