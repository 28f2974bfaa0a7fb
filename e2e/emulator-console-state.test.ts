import { DEMO_WECOM } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { shot } from './helpers/browser.js';
import { useStage } from './helpers/stage.js';

const stage = useStage({ trust: () => {} });

describe('the console State page', () => {
  it('saves the state under a name, lists it, and restores it after a test made a mess', async () => {
    const url = stage.emulator.url;
    const page = await stage.browser.newPage({ viewport: { width: 900, height: 800 } });
    await page.goto(`${url}/`);
    await page.click('nav a[href="/_emulator/console/state"]');
    await page.fill('#save-as input[name="name"]', 'clean');
    await Promise.all([page.waitForEvent('load'), page.click('#save-as button')]);
    expect(await page.textContent('[data-snapshot-row="clean"]')).toContain('clean');

    const { access_token: token } = (await (
      await fetch(`${url}/cgi-bin/gettoken?corpid=${DEMO_WECOM.corpId}&corpsecret=${DEMO_WECOM.corpSecret}`)
    ).json()) as { access_token: string };
    await fetch(`${url}/cgi-bin/message/send?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify({
        touser: 'zhangsan',
        msgtype: 'text',
        agentid: 1000002,
        text: { content: '一团乱' },
      }),
    });
    const inbox = async () =>
      ((await (await fetch(`${url}/_emulator/state`)).json()) as { inbox: unknown[] }).inbox.length;
    expect(await inbox()).toBe(1);

    await shot(page, 'console-state.png');
    await Promise.all([
      page.waitForEvent('load'),
      page.click('button[data-snapshot="clean"][data-action="restore"]'),
    ]);
    expect(await inbox()).toBe(0);
    await page.close();
  });
});
