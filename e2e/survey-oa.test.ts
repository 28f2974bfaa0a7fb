import { UA } from '@wxkit/test-support';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { jssdkState, shot } from './helpers/browser.js';
import { dataUrlBytes, fetchedBytes, queuePicture } from './helpers/photo.js';
import { useSurveyStage } from './helpers/survey-stage.js';

const stage = useSurveyStage({ oaCallback: true });

/** The emulator's OA authorize page: the follower, then 允许 for snsapi_userinfo. */
async function authorizeAs(page: Page, openid: string) {
  await page.click(`[data-login-as="${openid}"]`);
  await page.click('[data-allow]');
}

describe('the Official Account edition in (emulated) WeChat: QR code → follow → survey link → answer', () => {
  let link = '';
  let chosen = '';
  let ticket = '';

  it("shows the admin the survey's parametric QR code", async () => {
    const page = await stage.browser.newPage({
      userAgent: UA.wechatIOS,
      viewport: { width: 390, height: 844 },
    });
    await page.goto(`${stage.appUrl}/oa/admin`);
    await authorizeAs(page, 'o-xiaoming');
    await page.waitForSelector('#oa-qr[data-ticket]');
    ticket = (await page.getAttribute('#oa-qr', 'data-ticket')) ?? '';
    // The image the admin prints: the emulator's showqrcode, a PNG of the code.
    const image = await page.$eval('#oa-qr a', (a) => (a as HTMLAnchorElement).href);
    expect((await fetch(image)).headers.get('content-type')).toMatch(/^image\//);
    expect(page.url()).toBe(`${stage.appUrl}/oa/admin`);
    expect(await page.textContent('#member-name')).toBe('小明');
    await shot(page, 'survey-oa-admin.png');
    await page.close();
  });

  it('a new follower scans it (the emulator scan action): the subscribe reply carries the survey link', async () => {
    const pushed = (await (
      await fetch(`${stage.emulator.url}/_emulator/oa/scan`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ticket, openid: 'o-reader', nickname: '读者' }),
      })
    ).json()) as { pushed: string; status: number; reply?: string };
    expect(pushed).toMatchObject({ pushed: 'subscribe', status: 200 });
    link = /href="([^"]+)"/.exec(pushed.reply ?? '')?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(link).toBe(`${stage.appUrl}/oa/?from=qr`);
  });

  it('opening the link logs the follower in with snsapi_userinfo and greets them by nickname; the answer is saved', async () => {
    const page = await stage.browser.newPage({
      userAgent: UA.wechatAndroid,
      viewport: { width: 390, height: 844 },
    });
    await page.goto(link);
    await authorizeAs(page, 'o-reader');
    await page.waitForSelector('#member-name');
    expect(await page.textContent('#member-name')).toBe('读者');
    expect(await jssdkState(page)).toBe('ready');
    await page.check('input[name="q1"][value="骑行/步行"]');
    await page.check('input[name="q2"][value="食堂"]');
    await page.click('.rating label:nth-child(5)');
    // The photo question through the account's JS-SDK: chooseImage → uploadImage → the server's oa.media.get.
    chosen = await queuePicture(page, 'OA');
    await page.click('[data-choose-photo="q5"]');
    await page.waitForSelector('[data-photos="q5"] img[src^="data:image/"]');
    await page.click('form#survey button[type="submit"]');
    await page.waitForSelector('#done:not([hidden])');
    await shot(page, 'survey-oa-done.png');
    expect(stage.survey.app.db.submitted('workplace-2026@oa', 'o-reader')).toBe(true);
    await page.close();
  });

  it("shows the follower's photo, byte for byte, on the OA admin's results page", async () => {
    const page = await stage.browser.newPage({
      userAgent: UA.wechatIOS,
      viewport: { width: 390, height: 844 },
    });
    await page.goto(`${stage.appUrl}/oa/results`);
    await authorizeAs(page, 'o-xiaoming');
    await page.waitForSelector('img[data-photo]');
    const src = (await page.$eval('img[title="读者"]', (img) => (img as HTMLImageElement).src)) ?? '';
    const served = await fetchedBytes(page, src);
    expect(served.type).toBe('image/jpeg');
    expect(served.bytes.equals(dataUrlBytes(chosen))).toBe(true);
    await shot(page, 'survey-oa-results.png');
    await page.close();
  });

  it('the admin publishes the results: the respondent gets the template message linking to them', async () => {
    const page = await stage.browser.newPage({
      userAgent: UA.wechatIOS,
      viewport: { width: 390, height: 844 },
    });
    await page.goto(`${stage.appUrl}/oa/admin`);
    await authorizeAs(page, 'o-xiaoming');
    await page.click('form#publish button[type="submit"]');
    await page.waitForFunction(() => (document.getElementById('published')?.textContent ?? '') !== '');
    expect(await page.textContent('#published')).toBe('已通知 1 人');
    const outbox = await (await fetch(`${stage.emulator.url}/_emulator/oa/outbox`)).text();
    expect(outbox).toContain('o-reader');
    expect(outbox).toContain(`${stage.appUrl}/oa/results`);
    await shot(page, 'survey-oa-published.png');
    await page.close();
  });
});
