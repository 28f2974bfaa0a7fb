import { UA } from '@wxkit/test-support';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { jssdkState, shot } from './helpers/browser.js';
import { dataUrlBytes, fetchedBytes, queuePicture } from './helpers/photo.js';
import { useSurveyStage } from './helpers/survey-stage.js';

const stage = useSurveyStage();

/** Logs in through the emulator's picker and waits for the JS-SDK to be ready on the survey page. */
async function openSurvey(page: Page, userid: string) {
  await page.goto(`${stage.appUrl}/`);
  await page.click(`[data-login-as="${userid}"]`);
  await page.waitForSelector('#member-name');
  expect(await jssdkState(page)).toBe('ready');
}

describe('a photo answer in (emulated) WeCom: chooseImage → uploadImage → media/get → the admin results page', () => {
  for (const [client, userAgent, userid] of [
    ['iOS', UA.wecomIOS, 'zhangsan'],
    ['Android', UA.wecomAndroid, 'linger'],
  ] as const) {
    it(`on ${client}: the admin results page shows the very picture the member chose`, async () => {
      const page = await stage.browser.newPage({ userAgent, viewport: { width: 390, height: 844 } });
      await openSurvey(page, userid);
      const chosen = await queuePicture(page, client);
      await page.click('[data-choose-photo="q5"]');
      await page.waitForSelector('input[type="hidden"][name="q5"]', { state: 'attached' });
      await page.waitForSelector('[data-photos="q5"] img[src^="data:image/"]');
      await page.check('input[name="q1"][value="地铁"]');
      await page.click('.rating label:nth-child(5)');
      await page.click('form#survey button[type="submit"]');
      await page.waitForSelector('#done:not([hidden])');
      await shot(page, `survey-photo-${client}.png`);

      await page.goto(`${stage.appUrl}/results`);
      const photos = await page.$$eval('img[data-photo]', (list) =>
        list.map((img) => ({ src: (img as HTMLImageElement).src, title: img.getAttribute('title') })),
      );
      const mine = photos.find((p) => p.title === (userid === 'zhangsan' ? '张三' : '林二'));
      expect(mine).toBeDefined();
      await page.waitForFunction(
        (src) =>
          [...document.images].some((img) => img.src === src && img.complete && img.naturalWidth === 64),
        mine?.src,
      );
      const served = await fetchedBytes(page, mine?.src ?? '');
      expect(served.type).toBe('image/jpeg');
      expect(served.bytes.equals(dataUrlBytes(chosen))).toBe(true);
      await shot(page, `survey-photo-results-${client}.png`);
      await page.close();
    });
  }

  it('tells the member when the photo can no longer be fetched, in the page, not as a raw JSON page', async () => {
    const page = await stage.browser.newPage({ userAgent: UA.wecomAndroid });
    await openSurvey(page, 'lisi');
    await queuePicture(page, 'x');
    await page.click('[data-choose-photo="q5"]');
    await page.waitForSelector('input[type="hidden"][name="q5"]', { state: 'attached' });
    await fetch(`${stage.emulator.url}/_emulator/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 3 * 86_400 + 60 }),
    });
    await page.check('input[name="q1"][value="公交"]');
    await page.click('.rating label:nth-child(3)');
    await page.click('form#survey button[type="submit"]');
    await page.waitForFunction(() => (document.getElementById('error')?.textContent ?? '') !== '');
    expect(await page.textContent('#error')).toContain('照片已失效');
    expect(page.url()).toBe(`${stage.appUrl}/`);
    await page.close();
  });
});
