import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_CARDS, DEMO_WECOM } from '@wxkit/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { shot } from './helpers/browser.js';
import { useStage } from './helpers/stage.js';

const closers: (() => Promise<void>)[] = [];

const stage = useStage({ trust: () => {} });
afterAll(async () => {
  for (const close of closers) await close();
});

describe('template cards in the emulator console', () => {
  it('renders a vote card; ticking options and tapping submit fires template_card_event with them', async () => {
    const received: string[] = [];
    const app = createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      res.end('');
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => app.close(() => r())));
    const json = { 'content-type': 'application/json' };
    const state = (await (await fetch(`${stage.emulator.url}/_emulator/state`)).json()) as {
      seed: { wecom: { apps: { callback?: { url: string } }[] }[] };
    };
    const survey = state.seed.wecom[0]?.apps[0];
    if (survey?.callback)
      survey.callback.url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/wx/events`;
    await fetch(`${stage.emulator.url}/_emulator/state`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ seed: state.seed }),
    });
    const token = (
      (await (
        await fetch(
          `${stage.emulator.url}/cgi-bin/gettoken?corpid=${DEMO_WECOM.corpId}&corpsecret=${DEMO_WECOM.corpSecret}`,
        )
      ).json()) as { access_token: string }
    ).access_token;
    const sent = await fetch(`${stage.emulator.url}/cgi-bin/message/send?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify({
        touser: 'zhangsan',
        agentid: 1000002,
        msgtype: 'template_card',
        template_card: DEMO_CARDS.vote_interaction('console-vote'),
      }),
    });
    expect(((await sent.json()) as { errcode: number }).errcode).toBe(0);

    const page = await stage.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(stage.emulator.url);
    const card = page.locator('#inbox .wxcard[data-card-task="console-vote"]');
    expect(await card.textContent()).toContain('午餐投票');
    await card.locator('input[value="noodles"]').check();
    await card.locator('button[data-card-key="vote"]').click();
    await page.waitForFunction(
      () =>
        document
          .querySelector('#inbox [data-card-result]')
          ?.textContent?.startsWith('template_card_event sent'),
      null,
      { timeout: 10_000 },
    );
    expect(received.some((r) => r.startsWith('POST /wx/events?msg_signature='))).toBe(true);
    const cards = (await (await fetch(`${stage.emulator.url}/_emulator/cards`)).json()) as {
      cards: { clicks: { userid: string; eventKey: string; selected?: { optionIds: string[] }[] }[] }[];
    };
    expect(cards.cards[0]?.clicks).toEqual([
      expect.objectContaining({
        userid: 'zhangsan',
        eventKey: 'vote',
        selected: [{ questionKey: 'lunch', optionIds: ['noodles', 'rice'] }],
      }),
    ]);
    await shot(page, 'console-cards.png');
    await page.close();
  });
});
