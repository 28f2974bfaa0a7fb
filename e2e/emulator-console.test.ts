import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_WECOM } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { shot } from './helpers/browser.js';
import { useStage } from './helpers/stage.js';

const stage = useStage({ trust: () => {} });

describe('the emulator console', () => {
  it('shows the directory, the app with its workbench preview in grid and list mode, the inbox and the journal', async () => {
    const token = (
      (await (
        await fetch(
          `${stage.emulator.url}/cgi-bin/gettoken?corpid=${DEMO_WECOM.corpId}&corpsecret=${DEMO_WECOM.corpSecret}`,
        )
      ).json()) as { access_token: string }
    ).access_token;
    await fetch(`${stage.emulator.url}/cgi-bin/message/send?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify({
        touser: 'zhangsan',
        msgtype: 'text',
        agentid: 1000002,
        text: { content: '请填写本周问卷' },
      }),
    });
    await fetch(`${stage.emulator.url}/cgi-bin/user/get?access_token=bogus&userid=x`);
    const page = await stage.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(stage.emulator.url);
    expect(await page.textContent('#app-1000002 h2')).toContain('问卷调查');
    expect(await page.isVisible('#app-1000002 .grid')).toBe(true);
    await shot(page, 'console-desktop.png');
    await page.click('#app-1000002 [data-mode-list]');
    expect(await page.isVisible('#app-1000002 .list')).toBe(true);
    expect(await page.isVisible('#app-1000002 .grid')).toBe(false);
    expect(await page.textContent('#inbox')).toContain('请填写本周问卷');
    expect(await page.textContent('#journal')).toContain('Invalid access_token');
    expect(await page.locator('#directory tr').count()).toBe(13);
    await shot(page, 'console-list-mode.png');
    await page.close();
  });

  it('stays current: Beijing times, new messages without a reload, and menu buttons that fire their click at the app', async () => {
    // The app: records the callback the console's menu click makes.
    const received: string[] = [];
    const app = createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      res.end('');
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/wx/events`;
    const json = { 'content-type': 'application/json' };
    const state = (await (await fetch(`${stage.emulator.url}/_emulator/state`)).json()) as {
      seed: { wecom: { apps: { callback?: { url: string } }[] }[] };
    };
    const survey = state.seed.wecom[0]?.apps[0];
    if (survey?.callback) survey.callback.url = appUrl;
    expect(
      (
        await fetch(`${stage.emulator.url}/_emulator/state`, {
          method: 'PUT',
          headers: json,
          body: JSON.stringify({ seed: state.seed }),
        })
      ).status,
    ).toBe(200);
    const token = (
      (await (
        await fetch(
          `${stage.emulator.url}/cgi-bin/gettoken?corpid=${DEMO_WECOM.corpId}&corpsecret=${DEMO_WECOM.corpSecret}`,
        )
      ).json()) as { access_token: string }
    ).access_token;
    await fetch(`${stage.emulator.url}/cgi-bin/menu/create?access_token=${token}&agentid=1000002`, {
      method: 'POST',
      body: JSON.stringify({ button: [{ type: 'click', name: '查看结果', key: 'RESULTS' }] }),
    });

    // A browser in New York still reads Beijing time, labelled: one rule, as the clients show it.
    const context = await stage.browser.newContext({ timezoneId: 'America/New_York', locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(stage.emulator.url);
    const stamp = await page.getAttribute('#journal time', 'datetime');
    expect(stamp).toBeTruthy();
    const beijing = new Date(stamp ?? '').toLocaleTimeString('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour12: false,
    });
    expect(await page.textContent('#journal time')).toBe(`${beijing} UTC+8`);
    // A message sent after the page loaded shows up without a reload.
    await fetch(`${stage.emulator.url}/cgi-bin/message/send?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify({
        touser: 'lisi',
        msgtype: 'text',
        agentid: 1000002,
        text: { content: '实时更新的消息' },
      }),
    });
    await page.waitForFunction(
      () => document.getElementById('inbox')?.textContent?.includes('实时更新的消息'),
      null,
      { timeout: 10_000 },
    );
    // The menu button fires the CLICK event at the app's callback URL.
    await page.click('#app-1000002 button[data-menu-key="RESULTS"]');
    await page.waitForFunction(
      () => document.querySelector('[data-menu-result="1000002"]')?.textContent?.startsWith('event sent'),
      null,
      { timeout: 10_000 },
    );
    expect(received.some((r) => r.startsWith('POST /wx/events?msg_signature='))).toBe(true);
    await context.close();
    app.close();
  });
});
