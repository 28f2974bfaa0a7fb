import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@wxkit/core';
import { createEmulator, defaultSeed, type Emulator } from '@wxkit/emulator';
import { loadConfig, startSurvey } from '@wxkit/example-survey';
import { freePort, UA } from '@wxkit/test-support';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium } from './helpers/browser.js';

let browser: Browser;
let emulator: Emulator;
let survey: Awaited<ReturnType<typeof startSurvey>>;
let appUrl: string;

beforeAll(async () => {
  const port = await freePort();
  appUrl = `http://localhost:${port}`;
  const seed = defaultSeed();
  const app = seed.wecom[0]!.apps[0]!;
  app.trustedDomains = [`localhost:${port}`];
  app.webLoginDomains = [`localhost:${port}`];
  app.homeUrl = `${appUrl}/`;
  if (app.callback) app.callback.url = `${appUrl}/wx/events`;
  emulator = await createEmulator({ port: 0, seed });
  const dir = await mkdtemp(join(tmpdir(), 'survey-card-e2e-'));
  const config = loadConfig({
    PORT: String(port),
    WXKIT_EMULATOR_HOST: emulator.host,
    SURVEY_DB: join(dir, 'survey.db'),
  });
  survey = await startSurvey({ config, host: '127.0.0.1', logger: silentLogger });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await survey?.close();
  await emulator?.close();
});

describe('the admin sends the survey as a button card; a member taps it (emulated WeCom)', () => {
  it('sends from the admin page, records the tap, greys the card out and counts the reply', async () => {
    const page = await browser.newPage({ userAgent: UA.wecomIOS, viewport: { width: 390, height: 844 } });
    await page.goto(`${appUrl}/admin`);
    await page.click('[data-login-as="linger"]');
    await page.waitForSelector('form#card-send');
    await page.selectOption('form#card-send select[name="department"]', '3');
    await page.click('form#card-send button[type="submit"]');
    await page.waitForFunction(() => (document.getElementById('card-sent')?.textContent ?? '') !== '');
    const sent = (await page.textContent('#card-sent')) ?? '';
    const taskId = /task (survey-[0-9a-f]+)/.exec(sent)?.[1] ?? '';
    expect(taskId).not.toBe('');

    const tap = (await (
      await fetch(`${emulator.url}/_emulator/card/click`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agentId: 1000002, userid: 'wangwu', taskId, key: 'will_answer' }),
      })
    ).json()) as { status?: number };
    expect(tap.status).toBe(200);
    const cards = (await (await fetch(`${emulator.url}/_emulator/cards`)).json()) as {
      cards: { taskId: string; views: Record<string, { replaceName?: string }> }[];
    };
    expect(cards.cards.find((c) => c.taskId === taskId)?.views['wangwu']).toEqual({
      replaceName: '已确认参与',
    });

    await page.reload();
    expect(await page.textContent('#card-will')).toBe('1');
    await page.screenshot({ path: join(ARTIFACTS, 'survey-card-admin.png'), fullPage: true });
    await page.close();
  });
});
