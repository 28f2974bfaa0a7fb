import { UA } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { shot } from './helpers/browser.js';
import { useSurveyStage } from './helpers/survey-stage.js';

const stage = useSurveyStage({ wecomCallback: true });

describe('the admin sends the survey as a button card; a member taps it (emulated WeCom)', () => {
  it('sends from the admin page, records the tap, greys the card out and counts the reply', async () => {
    const page = await stage.browser.newPage({
      userAgent: UA.wecomIOS,
      viewport: { width: 390, height: 844 },
    });
    await page.goto(`${stage.appUrl}/admin`);
    await page.click('[data-login-as="linger"]');
    await page.waitForSelector('form#card-send');
    await page.selectOption('form#card-send select[name="department"]', '3');
    await page.click('form#card-send button[type="submit"]');
    await page.waitForFunction(() => (document.getElementById('card-sent')?.textContent ?? '') !== '');
    const sent = (await page.textContent('#card-sent')) ?? '';
    const taskId = /task (survey-[0-9a-f]+)/.exec(sent)?.[1] ?? '';
    expect(taskId).not.toBe('');

    const tap = (await (
      await fetch(`${stage.emulator.url}/_emulator/card/click`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agentId: 1000002, userid: 'wangwu', taskId, key: 'will_answer' }),
      })
    ).json()) as { status?: number };
    expect(tap.status).toBe(200);
    const cards = (await (await fetch(`${stage.emulator.url}/_emulator/cards`)).json()) as {
      cards: { taskId: string; views: Record<string, { replaceName?: string }> }[];
    };
    expect(cards.cards.find((c) => c.taskId === taskId)?.views['wangwu']).toEqual({
      replaceName: '已确认参与',
    });

    await page.reload();
    expect(await page.textContent('#card-will')).toBe('1');
    await shot(page, 'survey-card-admin.png');
    await page.close();
  });
});
