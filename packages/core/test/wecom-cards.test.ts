import { createEmulator, type Emulator } from '@wxkit/emulator';
import { DEMO_CARDS, DEMO_WECOM } from '@wxkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWeCom,
  explain,
  isWxApiError,
  type Message,
  silentLogger,
  type TemplateCard,
  WxConfigError,
} from '../src/index.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await createEmulator({});
});
afterAll(async () => {
  await emu.close();
});

let taskSeq = 0;
const task = () => `core-task-${++taskSeq}`;

function client() {
  const paths: string[] = [];
  const wecom = createWeCom({
    ...DEMO_WECOM,
    hosts: { qyapi: 'http://emulator.local' },
    env: {},
    logger: silentLogger,
    fetch: ((input: string | URL | Request, init?: RequestInit) => {
      paths.push(new URL(String(input)).pathname);
      return emu.fetch(input, init);
    }) as typeof fetch,
  });
  return { wecom, paths };
}

const sendCard = (wecom: ReturnType<typeof client>['wecom'], card: unknown) =>
  wecom.messages.send({ touser: ['zhangsan'], template_card: card as TemplateCard });

/** A valid button card with one change; the send must be refused before any call, naming `field` and `errcode`. */
async function refuses(change: (card: Record<string, unknown>) => void, field: RegExp, errcode: number) {
  const { wecom, paths } = client();
  const card: Record<string, unknown> = structuredClone(DEMO_CARDS.button_interaction(task()));
  change(card);
  const error = await sendCard(wecom, card).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WxConfigError);
  expect((error as Error).message).toMatch(field);
  expect((error as Error).message).toContain(`answers ${errcode}`);
  expect(paths.filter((p) => p.startsWith('/cgi-bin/message/'))).toEqual([]);
}

describe('WeCom template cards and mpnews through core', () => {
  it('sends every card type; an interactive card answers a response_code, a plain one none', async () => {
    const { wecom } = client();
    const plain = await sendCard(wecom, DEMO_CARDS.text_notice);
    expect(plain.msgid).toEqual(expect.any(String));
    expect(plain.response_code).toBeUndefined();
    expect((await sendCard(wecom, DEMO_CARDS.news_notice)).response_code).toBeUndefined();
    for (const make of [
      DEMO_CARDS.button_interaction,
      DEMO_CARDS.vote_interaction,
      DEMO_CARDS.multiple_interaction,
    ]) {
      const sent = await wecom.messages.send({ toparty: [1], template_card: make(task()) });
      expect(sent.response_code).toMatch(/^emurc/);
    }
  });

  it('refuses an interactive card without task_id (42014)', () =>
    refuses((card) => delete card['task_id'], /template_card\.task_id is required/, 42014));
  it('refuses a task_id over 128 bytes (42014)', () =>
    refuses((card) => (card['task_id'] = 'x'.repeat(129)), /129 bytes/, 42014));
  it('refuses a task_id with characters outside [0-9a-zA-Z_-@] (42014)', () =>
    refuses((card) => (card['task_id'] = 'task id'), /digits, letters/, 42014));
  it('refuses a button card with 7 buttons (40058)', () =>
    refuses(
      (card) =>
        (card['button_list'] = Array.from({ length: 7 }, (_, i) => ({ text: `b${i}`, key: `k${i}` }))),
      /button_list has 7 items; 1 to 6/,
      40058,
    ));
  it('refuses a button card without buttons (40058)', () =>
    refuses((card) => delete card['button_list'], /button_list is required/, 40058));
  it('refuses a callback button without key and two buttons with one key (40058)', async () => {
    await refuses(
      (card) => (card['button_list'] = [{ text: 'a' }]),
      /button_list\[0\]\.key is required/,
      40058,
    );
    await refuses(
      (card) =>
        (card['button_list'] = [
          { text: 'a', key: 'k' },
          { text: 'b', key: 'k' },
        ]),
      /button_list\[1\]\.key repeats/,
      40058,
    );
  });
  it('refuses a url button without url (40058)', () =>
    refuses((card) => (card['button_list'] = [{ type: 1, text: 'a' }]), /button_list\[0\]\.url/, 40058));
  it('refuses a key over 1024 bytes (40058)', () =>
    refuses((card) => (card['button_list'] = [{ text: 'a', key: 'k'.repeat(1025) }]), /1025 bytes/, 40058));
  it('refuses more than 6 horizontal_content_list items (40058)', () =>
    refuses(
      (card) =>
        (card['horizontal_content_list'] = Array.from({ length: 7 }, () => ({ keyname: 'k', value: 'v' }))),
      /horizontal_content_list has 7 items; at most 6/,
      40058,
    ));
  it('refuses a horizontal item of type 2 without media_id and one without keyname (40058)', async () => {
    await refuses(
      (card) => (card['horizontal_content_list'] = [{ keyname: 'k', type: 2 }]),
      /media_id/,
      40058,
    );
    await refuses(
      (card) => (card['horizontal_content_list'] = [{ value: 'v' }]),
      /keyname is required/,
      40058,
    );
  });
  it('refuses more than 3 jump_list items (40058)', () =>
    refuses(
      (card) =>
        (card['jump_list'] = Array.from({ length: 4 }, () => ({ title: 't', type: 1, url: 'https://a/' }))),
      /jump_list has 4 items; at most 3/,
      40058,
    ));
  it('refuses an action_menu with 4 actions, and one without task_id on a text_notice (42014)', async () => {
    const four = { action_list: Array.from({ length: 4 }, (_, i) => ({ text: 't', key: `k${i}` })) };
    await refuses((card) => (card['action_menu'] = four), /action_menu\.action_list has 4 items/, 40058);
    const { wecom } = client();
    await expect(
      sendCard(wecom, { ...DEMO_CARDS.text_notice, action_menu: { action_list: [{ text: 't', key: 'k' }] } }),
    ).rejects.toThrow(/task_id is required.*42014/);
  });
  it('refuses a card without a title (40058) and an unknown card_type (40058)', async () => {
    await refuses((card) => delete card['main_title'], /main_title\.title or sub_title_text/, 40058);
    await refuses((card) => (card['card_type'] = 'poll'), /card_type must be one of/, 40058);
  });
  it('refuses a text_notice without card_action, a news_notice without image (40058)', async () => {
    const { wecom } = client();
    const { card_action: _drop, ...noAction } = DEMO_CARDS.text_notice;
    await expect(sendCard(wecom, noAction)).rejects.toThrow(/card_action is required for text_notice/);
    const { card_image: _img, ...noImage } = DEMO_CARDS.news_notice;
    await expect(sendCard(wecom, noImage)).rejects.toThrow(/card_image or image_text_area/);
    await expect(
      sendCard(wecom, { ...DEMO_CARDS.news_notice, card_image: { url: 'https://a/', aspect_ratio: 3 } }),
    ).rejects.toThrow(/aspect_ratio/);
  });
  it('refuses a vote without submit_button, 21 options, duplicate option ids, a bad mode (40058)', async () => {
    const { wecom } = client();
    const vote = DEMO_CARDS.vote_interaction(task());
    const { submit_button: _s, ...noSubmit } = vote;
    await expect(sendCard(wecom, noSubmit)).rejects.toThrow(/submit_button is required/);
    const options = Array.from({ length: 21 }, (_, i) => ({ id: `o${i}`, text: 't' }));
    await expect(
      sendCard(wecom, { ...vote, checkbox: { ...vote.checkbox, option_list: options } }),
    ).rejects.toThrow(/checkbox\.option_list has 21 items; 1 to 20/);
    const twice = [
      { id: 'a', text: 'A' },
      { id: 'a', text: 'B' },
    ];
    await expect(
      sendCard(wecom, { ...vote, checkbox: { ...vote.checkbox, option_list: twice } }),
    ).rejects.toThrow(/option_list\[1\]\.id repeats/);
    await expect(sendCard(wecom, { ...vote, checkbox: { ...vote.checkbox, mode: 2 } })).rejects.toThrow(
      /checkbox\.mode/,
    );
  });
  it('refuses a multiple_interaction with 4 selectors or a selector of 11 options (40058)', async () => {
    const { wecom } = client();
    const multi = DEMO_CARDS.multiple_interaction(task());
    const select = (q: string, n = 2) => ({
      question_key: q,
      option_list: Array.from({ length: n }, (_, i) => ({ id: `o${i}`, text: 't' })),
    });
    await expect(
      sendCard(wecom, { ...multi, select_list: ['a', 'b', 'c', 'd'].map((q) => select(q)) }),
    ).rejects.toThrow(/select_list has 4 items; 1 to 3/);
    await expect(sendCard(wecom, { ...multi, select_list: [select('a', 11)] })).rejects.toThrow(
      /option_list has 11 items; 1 to 10/,
    );
  });

  it('answers 42014 from the platform for a task_id the app already used, explained by the catalog', async () => {
    const { wecom } = client();
    const id = task();
    await sendCard(wecom, DEMO_CARDS.button_interaction(id));
    const error = await sendCard(wecom, DEMO_CARDS.button_interaction(id)).catch((e: unknown) => e);
    expect(isWxApiError(error) && error.errcode).toBe(42014);
    expect(explain(42014, 'wecom')?.causes.join(' ')).toMatch(/already sent a card with this task_id/);
    expect(explain(40008, 'wecom')?.meaning).toBe('Invalid message type');
  });

  it('sends mpnews and refuses a missing thumb_media_id, 9 articles, a title over 128 bytes', async () => {
    const { wecom, paths } = client();
    const cover = await wecom.media.upload('image', {
      data: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0xff, 0xd9]),
      filename: 'c.jpg',
    });
    const article = { title: '周报', thumb_media_id: cover.mediaId, content: '<p>内容</p>', author: '张三' };
    await expect(
      wecom.messages.send({ touser: ['zhangsan'], mpnews: { articles: [article] } }),
    ).resolves.toMatchObject({ msgid: expect.any(String) });
    const before = paths.length;
    const bad = (articles: unknown) =>
      wecom.messages.send({ touser: ['zhangsan'], mpnews: { articles } } as unknown as Message);
    await expect(bad([{ ...article, thumb_media_id: '' }])).rejects.toThrow(
      /thumb_media_id is required.*41006/,
    );
    await expect(bad(Array.from({ length: 9 }, () => article))).rejects.toThrow(/1 to 8 articles/);
    await expect(bad([{ ...article, title: '题'.repeat(43) }])).rejects.toThrow(
      /title is 129 bytes; at most 128/,
    );
    await expect(bad([{ ...article, digest: 'd'.repeat(513) }])).rejects.toThrow(/digest is 513 bytes/);
    await expect(bad([{ ...article, content: '' }])).rejects.toThrow(/content is required/);
    expect(paths.length).toBe(before);
  });

  it('updates a card once with the send response_code; the code is spent afterwards', async () => {
    const { wecom } = client();
    const id = task();
    const sent = await sendCard(wecom, DEMO_CARDS.button_interaction(id));
    const code = sent.response_code ?? '';
    await expect(
      wecom.messages.updateTemplateCard({
        response_code: code,
        userids: ['zhangsan'],
        button: { replace_name: '已发布' },
      }),
    ).resolves.toEqual({ invaliduser: [] });
    const inbox = (await (await emu.fetch('/_emulator/inbox')).json()) as unknown;
    expect(JSON.stringify(inbox)).toContain(id);
    const again = await wecom.messages
      .updateTemplateCard({ response_code: code, atall: 1, button: { replace_name: 'x' } })
      .catch((e: unknown) => e);
    expect(isWxApiError(again) && again.errcode).toBe(40058);
  });

  it('refuses an update without response_code, without recipients, with both button and card, or a bad card', async () => {
    const { wecom, paths } = client();
    const update = wecom.messages.updateTemplateCard;
    await expect(update({ response_code: '', atall: 1, button: { replace_name: 'x' } })).rejects.toThrow(
      /response_code is required/,
    );
    await expect(update({ response_code: 'c', button: { replace_name: 'x' } })).rejects.toThrow(
      /say whose card/,
    );
    await expect(
      update({
        response_code: 'c',
        atall: 1,
        button: { replace_name: 'x' },
        template_card: DEMO_CARDS.text_notice,
      }),
    ).rejects.toThrow(/exactly one of button/);
    await expect(update({ response_code: 'c', atall: 1 })).rejects.toThrow(/exactly one of button/);
    await expect(update({ response_code: 'c', atall: 1, button: { replace_name: ' ' } })).rejects.toThrow(
      /replace_name is required/,
    );
    await expect(
      update({
        response_code: 'c',
        userids: Array.from({ length: 1001 }, (_, i) => `u${i}`),
        button: { replace_name: 'x' },
      }),
    ).rejects.toThrow(/at most 1000/);
    await expect(
      update({
        response_code: 'c',
        atall: 1,
        template_card: { ...DEMO_CARDS.text_notice, card_type: 'poll' } as unknown as TemplateCard,
      }),
    ).rejects.toThrow(/template_card\.card_type/);
    expect(paths.filter((p) => p.includes('update_template_card'))).toEqual([]);
  });

  it('surfaces a fault on send and on update as WxApiError, and never repeats the update', async () => {
    const { wecom, paths } = client();
    const fault = (path: string, errcode: number) =>
      emu.fetch('/_emulator/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ path, errcode, count: 1 }),
      });
    await fault('/cgi-bin/message/send', 45009);
    const sendError = await sendCard(wecom, DEMO_CARDS.button_interaction(task())).catch((e: unknown) => e);
    expect(isWxApiError(sendError) && sendError.errcode).toBe(45009);
    const sent = await sendCard(wecom, DEMO_CARDS.button_interaction(task()));
    await emu.fetch('/_emulator/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/cgi-bin/message/update_template_card', status: 502, count: 1 }),
    });
    const before = paths.filter((p) => p.includes('update_template_card')).length;
    const updateError = await wecom.messages
      .updateTemplateCard({
        response_code: sent.response_code ?? '',
        atall: 1,
        button: { replace_name: 'x' },
      })
      .catch((e: unknown) => e);
    expect(String(updateError)).toMatch(/502/);
    expect(paths.filter((p) => p.includes('update_template_card')).length).toBe(before + 1);
    // The fault spent, the code still works (the faulted call never reached the card).
    await expect(
      wecom.messages.updateTemplateCard({
        response_code: sent.response_code ?? '',
        atall: 1,
        button: { replace_name: 'x' },
      }),
    ).resolves.toEqual({ invaliduser: [] });
  });
});

describe('the card and mpnews rules on outside input', () => {
  it('never throw, whatever JSON they are given, and name a field with an errcode when they refuse', async () => {
    const { checkMpnews, checkTemplateCard } = await import('../src/rules/index.js');
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({
            card_type: fc.constantFrom('text_notice', 'vote_interaction', 'multiple_interaction'),
            task_id: fc.string(),
            button_list: fc.jsonValue(),
            checkbox: fc.jsonValue(),
            select_list: fc.jsonValue(),
          }),
        ),
        (value) => {
          for (const problem of [...checkTemplateCard(value), ...checkMpnews(value)]) {
            expect(problem.field.length).toBeGreaterThan(0);
            expect([40058, 42014, 41006]).toContain(problem.errcode);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
