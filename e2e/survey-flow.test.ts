import { UA } from '@wxkit/test-support';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { jssdkState, shot } from './helpers/browser.js';
import { useSurveyStage } from './helpers/survey-stage.js';

const stage = useSurveyStage();

describe('a member answers the survey inside (emulated) WeCom', () => {
  let page: Page;

  it('opens the app from the console workbench, picks a member and lands on the survey with their name', async () => {
    page = await stage.browser.newPage({ userAgent: UA.wecomAndroid, viewport: { width: 390, height: 844 } });
    await page.goto(stage.emulator.url);
    await shot(page, 'console.png');
    await page.click('[data-open-app="1000002"]');
    await page.waitForSelector('[data-login-as="zhangsan"]');
    await shot(page, 'authorize-picker.png');
    await page.click('[data-login-as="zhangsan"]');
    await page.waitForSelector('#member-name');
    expect(await page.textContent('#member-name')).toBe('张三');
    expect(await page.textContent('#member-department')).toBe('研发部');
    expect(page.url()).toBe(`${stage.appUrl}/`);
    expect(await jssdkState(page)).toBe('ready');
    await shot(page, 'survey-form.png');
  });

  it('submits the answers and sees them counted', async () => {
    await page.check('input[name="q1"][value="地铁"]');
    await page.check('input[name="q2"][value="网络"]');
    await page.click('.rating label:nth-child(4)');
    await page.fill('textarea[name="q4"]', '多一些绿植');
    await page.click('form#survey button[type="submit"]');
    await page.waitForSelector('#done:not([hidden])');
    await shot(page, 'survey-done.png');
    await page.goto(`${stage.appUrl}/results`);
    expect(await page.textContent('#total')).toBe('1');
    await shot(page, 'survey-results.png');
  });

  it('keeps the same session on reload, with no error', async () => {
    await page.goto(`${stage.appUrl}/`);
    await page.reload();
    expect(await page.textContent('#member-name')).toBe('张三');
  });

  it('opens an old link that still carries a used code without a 40029 page', async () => {
    const fresh = await stage.browser.newPage({ userAgent: UA.wecomAndroid });
    const landings: string[] = [];
    fresh.on('framenavigated', (frame) => {
      if (frame.url().includes('code=')) landings.push(frame.url());
    });
    await fresh.goto(`${stage.appUrl}/`);
    await fresh.click('[data-login-as="lisi"]');
    await fresh.waitForSelector('#member-name');
    expect(landings).toHaveLength(1);
    // The address bar no longer shows the code, so a reload cannot reuse it.
    expect(fresh.url()).toBe(`${stage.appUrl}/`);
    // Open the landing link again, code and all, as a shared link or the back button would.
    await fresh.goto(landings[0] ?? '');
    await fresh.waitForSelector('#member-name');
    expect((await fresh.textContent('body')) ?? '').not.toContain('40029');
    expect(await fresh.textContent('#member-name')).toBe('李四');
    await fresh.close();
  });

  it("shows the platform's error, explained, for a page on a domain that is not trusted", async () => {
    const p = await stage.browser.newPage({ userAgent: UA.wecomAndroid });
    const redirect = encodeURIComponent('http://untrusted.example:8080/');
    await p.goto(
      `${stage.emulator.url}/connect/oauth2/authorize?appid=ww0123456789abcdef&redirect_uri=${redirect}&response_type=code&scope=snsapi_base&state=s&agentid=1000002#wechat_redirect`,
    );
    const text = (await p.textContent('body')) ?? '';
    expect(text).toContain('redirect_uri 与配置的可信域名不一致');
    expect(text).toContain('untrusted.example:8080');
    await shot(p, 'untrusted-domain.png');
    await p.close();
  });
});
