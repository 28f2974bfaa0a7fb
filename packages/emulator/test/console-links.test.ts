import { DEMO_CARDS } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { oaToken, post, useOaAccount, weComToken } from './helpers.js';

const stage = useOaAccount('LinksToken1');
const HOSTILE = 'javascript:fetch("/_emulator/state").then((r)=>r.text()).then(alert)';

describe('links an API caller puts on the console never run script on the emulator origin', () => {
  it('refuses a template message url that is not http(s) and renders a card button url that is not as a link to nowhere', async () => {
    const { emu } = stage;
    const sent = await post(emu, `/cgi-bin/message/template/send?access_token=${await oaToken(emu)}`, {
      touser: 'o-xiaoming',
      template_id: 'wxkitSurveyResult00000000000000000000000000',
      url: HOSTILE,
      data: {
        thing1: { value: '员工满意度调查' },
        time2: { value: '2026-12-01 10:00' },
        thing3: { value: '已发布' },
      },
    });
    // template/send refuses a url that is not http(s) (47003, audit-3 N-H5): it never reaches the outbox.
    expect(sent['errcode']).toBe(47003);
    const card = {
      ...DEMO_CARDS.button_interaction('links-1'),
      button_list: [
        { type: 1, text: '打开', url: HOSTILE },
        { type: 1, text: '问卷', url: 'https://survey.example/s/1' },
      ],
    };
    const delivered = await post(emu, `/cgi-bin/message/send?access_token=${await weComToken(emu)}`, {
      touser: 'zhangsan',
      agentid: 1000002,
      msgtype: 'template_card',
      template_card: card,
    });
    expect(delivered['errcode']).toBe(0);
    for (const page of ['/_emulator/oa/outbox', '/']) {
      const html = await (await emu.fetch(page)).text();
      expect(html, page).not.toMatch(/href="\s*javascript:/i);
    }
    const console = await (await emu.fetch('/')).text();
    expect(console).toContain('href="https://survey.example/s/1"');
  });
});
