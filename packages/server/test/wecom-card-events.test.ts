import { DEMO_CARDS } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import type { WxEvent } from '../src/index.js';
import { weComCallbackApp } from './callback-app.js';

async function setUp() {
  const { emu, wecom, wx, control } = await weComCallbackApp();
  const click = (body: Record<string, unknown>) =>
    control('/_emulator/card/click', { agentId: 1000002, ...body });
  const cards = async () =>
    (
      (await (await emu.fetch('/_emulator/cards')).json()) as {
        cards: { taskId: string; views: Record<string, unknown> }[];
      }
    ).cards;
  return { emu, wecom, wx, click, cards };
}

describe('template_card_event from the emulator to the server, and the update it leads to', () => {
  it('gives the handler a typed card event whose response code replaces the button name in the inbox', async () => {
    const { wecom, wx, click, cards } = await setUp();
    const updates: unknown[] = [];
    wx.on('template_card_event', async (event: WxEvent) => {
      if (!event.card) throw new Error('no card on a template_card_event');
      updates.push(
        await wecom.messages.updateTemplateCard({
          response_code: event.card.responseCode,
          userids: [event.from],
          button: { replace_name: event.card.eventKey === 'publish' ? '已发布' : '已驳回' },
        }),
      );
    });
    const seen: WxEvent[] = [];
    wx.on('*', (e) => void seen.push(e));
    const sent = await wecom.messages.send({
      toparty: [1],
      template_card: DEMO_CARDS.button_interaction('srv-1'),
    });
    expect(sent.response_code).toEqual(expect.any(String));
    const fired = await click({ userid: 'lisi', taskId: 'srv-1', key: 'publish' });
    expect(fired['status']).toBe(200);
    const event = seen.find((e) => e.type === 'template_card_event');
    expect(event?.card).toEqual({
      taskId: 'srv-1',
      cardType: 'button_interaction',
      responseCode: fired['responseCode'],
      eventKey: 'publish',
    });
    expect(updates).toEqual([{ invaliduser: [] }]);
    const card = (await cards()).find((c) => c.taskId === 'srv-1');
    expect(card?.views).toEqual({ lisi: { replaceName: '已发布' } });
    // Another recipient still sees live buttons; lisi's are greyed out.
    expect((await click({ userid: 'zhangsan', taskId: 'srv-1', key: 'reject' }))['status']).toBe(200);
    expect(await click({ userid: 'lisi', taskId: 'srv-1', key: 'publish' })).toMatchObject({
      error: { message: expect.stringMatching(/已发布/) },
    });
  });

  it('types the options chosen on a vote and on a multiple-choice card', async () => {
    const { wecom, wx, click } = await setUp();
    const seen: WxEvent[] = [];
    wx.on('template_card_event', (e) => void seen.push(e));
    await wecom.messages.send({
      touser: ['zhangsan'],
      template_card: DEMO_CARDS.vote_interaction('srv-vote'),
    });
    await wecom.messages.send({
      touser: ['zhangsan'],
      template_card: DEMO_CARDS.multiple_interaction('srv-multi'),
    });
    await click({ userid: 'zhangsan', taskId: 'srv-vote', key: ['noodles', 'rice'] });
    await click({
      userid: 'zhangsan',
      taskId: 'srv-multi',
      key: 'book',
      selected: { day: ['tue'], room: ['a'] },
    });
    expect(seen.map((e) => e.card?.selected)).toEqual([
      [{ questionKey: 'lunch', optionIds: ['noodles', 'rice'] }],
      [
        { questionKey: 'day', optionIds: ['tue'] },
        { questionKey: 'room', optionIds: ['a'] },
      ],
    ]);
    expect(seen.map((e) => e.card?.eventKey)).toEqual(['vote', 'book']);
  });
});
