import { join } from 'node:path';
import { createEmulator, type Emulator } from '@wxkit/emulator';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium } from './helpers/browser.js';

let browser: Browser;
let emulator: Emulator;

beforeAll(async () => {
  emulator = await createEmulator({ port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
});

describe('the emulator console', () => {
  it('shows the directory, the app with its workbench preview in grid and list mode, the inbox and the journal', async () => {
    const token = (
      (await (
        await fetch(
          `${emulator.url}/cgi-bin/gettoken?corpid=ww0123456789abcdef&corpsecret=survey-secret-0123456789abcdefghijklmnopqrs`,
        )
      ).json()) as { access_token: string }
    ).access_token;
    await fetch(`${emulator.url}/cgi-bin/message/send?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify({
        touser: 'zhangsan',
        msgtype: 'text',
        agentid: 1000002,
        text: { content: '请填写本周问卷' },
      }),
    });
    await fetch(`${emulator.url}/cgi-bin/user/get?access_token=bogus&userid=x`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(emulator.url);
    expect(await page.textContent('#app-1000002 h2')).toContain('问卷调查');
    expect(await page.isVisible('#app-1000002 .grid')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'console-desktop.png'), fullPage: true });
    await page.click('#app-1000002 [data-mode-list]');
    expect(await page.isVisible('#app-1000002 .list')).toBe(true);
    expect(await page.isVisible('#app-1000002 .grid')).toBe(false);
    expect(await page.textContent('#inbox')).toContain('请填写本周问卷');
    expect(await page.textContent('#journal')).toContain('Invalid access_token');
    expect(await page.locator('#directory tr').count()).toBe(13);
    await page.screenshot({ path: join(ARTIFACTS, 'console-list-mode.png'), fullPage: true });
    await page.close();
  });
});
