import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildXml, createCallbackCrypto, parseXml, parseXmlTree, xmlChild, xmlChildren } from '@wxkit/core';
import { checkTemplateCard } from '@wxkit/core/rules';
import { DEMO_CALLBACK, DEMO_CARDS, TINY_JPEG } from '@wxkit/test-support';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmulator, defaultSeed, type Emulator } from '../src/index.js';
import { CORP, emulator, get, post, weComToken } from './helpers.js';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

let seq = 0;
const task = () => `emu-task-${++seq}`;

async function send(emu: Emulator, token: string, body: Record<string, unknown>) {
  return post(emu, `/cgi-bin/message/send?access_token=${token}`, {
    agentid: 1000002,
    touser: 'zhangsan|lisi',
    ...body,
  });
}
const sendCard = (emu: Emulator, token: string, card: unknown) =>
  send(emu, token, { msgtype: 'template_card', template_card: card });
const update = (emu: Emulator, token: string, body: Record<string, unknown>) =>
  post(emu, `/cgi-bin/message/update_template_card?access_token=${token}`, { agentid: 1000002, ...body });

async function uploadCover(emu: Emulator, token: string): Promise<string> {
  const form = new FormData();
  form.append('media', new Blob([TINY_JPEG], { type: 'image/TINY_JPEG' }), 'c.jpg');
  const r = await emu.fetch(`/cgi-bin/media/upload?access_token=${token}&type=image`, {
    method: 'POST',
    body: form,
  });
  return String(((await r.json()) as Record<string, unknown>)['media_id']);
}

/** An emulator whose survey app posts its callbacks to a local server; the decrypted XML of each comes back. */
async function withCallbacks(reply?: string) {
  const received: string[] = [];
  const crypto = createCallbackCrypto({ ...DEMO_CALLBACK, receiveId: CORP });
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const fields = parseXml(body);
      received.push(
        crypto.decrypt({
          encrypt: fields['Encrypt'] ?? '',
          msgSignature: url.searchParams.get('msg_signature') ?? '',
          timestamp: url.searchParams.get('timestamp') ?? '',
          nonce: url.searchParams.get('nonce') ?? '',
        }),
      );
      if (!reply) return void res.end('success');
      const sealed = crypto.encrypt(reply, { timestamp: '1700000000', nonce: 'n0nce' });
      res.end(
        buildXml({
          Encrypt: sealed.encrypt,
          MsgSignature: sealed.msgSignature,
          TimeStamp: '1700000000',
          Nonce: 'n0nce',
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const seed = defaultSeed();
  const app = seed.wecom[0]?.apps[0];
  if (app)
    app.callback = {
      ...DEMO_CALLBACK,
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wx/events`,
    };
  const emu = await emulator({ seed });
  return { emu, token: await weComToken(emu), received };
}

describe('WeCom mpnews on the emulator', () => {
  it('delivers mpnews with a stored cover and cuts a title past 128 bytes', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const thumb = await uploadCover(emu, token);
    const long = '题'.repeat(50);
    const sent = await send(emu, token, {
      msgtype: 'mpnews',
      mpnews: { articles: [{ title: long, thumb_media_id: thumb, content: '<p>x</p>' }] },
    });
    expect(sent['errcode']).toBe(0);
    const inbox = (await get(emu, '/_emulator/inbox'))['messages'] as {
      body: { mpnews: { articles: { title: string }[] } };
    }[];
    expect(Buffer.byteLength(inbox.at(-1)?.body.mpnews.articles[0]?.title ?? '')).toBe(126);
  });

  it('answers 40007 for an unknown cover, 40058 for 9 articles, 41006 without thumb_media_id', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const thumb = await uploadCover(emu, token);
    const article = { title: 't', thumb_media_id: thumb, content: 'c' };
    const mp = (articles: unknown) => send(emu, token, { msgtype: 'mpnews', mpnews: { articles } });
    expect((await mp([{ ...article, thumb_media_id: 'nope' }]))['errcode']).toBe(40007);
    expect((await mp(Array.from({ length: 9 }, () => article)))['errcode']).toBe(40058);
    expect((await mp([{ ...article, thumb_media_id: '' }]))['errcode']).toBe(41006);
    expect((await mp([{ ...article, content: '' }]))['errcode']).toBe(40058);
  });
});

describe('WeCom template cards on the emulator', () => {
  it('delivers every card type; only interactive ones answer a response_code', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    expect(await sendCard(emu, token, DEMO_CARDS.text_notice)).not.toHaveProperty('response_code');
    expect((await sendCard(emu, token, DEMO_CARDS.news_notice))['errcode']).toBe(0);
    for (const make of [
      DEMO_CARDS.button_interaction,
      DEMO_CARDS.vote_interaction,
      DEMO_CARDS.multiple_interaction,
    ])
      expect((await sendCard(emu, token, make(task())))['response_code']).toMatch(/^emurc/);
    const cards = (await get(emu, '/_emulator/cards'))['cards'] as { recipients: string[] }[];
    expect(cards).toHaveLength(3);
    expect(cards[0]?.recipients).toEqual(['zhangsan', 'lisi']);
  });

  it('answers 42014 for a task_id the app already used, and for a missing one', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const card = DEMO_CARDS.button_interaction(task());
    expect((await sendCard(emu, token, card))['errcode']).toBe(0);
    const again = await sendCard(emu, token, card);
    expect(again['errcode']).toBe(42014);
    expect(String(again['errmsg'])).toMatch(/^taskid has existed or empty or exceed max len/);
    const { task_id: _t, ...noTask } = card;
    expect((await sendCard(emu, token, noTask))['errcode']).toBe(42014);
  });

  it('answers 40058 for a card past a list limit, and still 501 for a type it does not emulate', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const card = {
      ...DEMO_CARDS.button_interaction(task()),
      jump_list: Array.from({ length: 4 }, () => ({ title: 't' })),
    };
    expect((await sendCard(emu, token, card))['errcode']).toBe(40058);
    const voice = await emu.fetch(`/cgi-bin/message/send?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify({
        agentid: 1000002,
        touser: 'zhangsan',
        msgtype: 'voice',
        voice: { media_id: 'x' },
      }),
    });
    expect(voice.status).toBe(501);
  });

  it('takes a response_code once, within 72 hours, and greys out only the listed recipients', async () => {
    const emu = await emulator();
    let token = await weComToken(emu);
    const first = await sendCard(emu, token, DEMO_CARDS.button_interaction(task()));
    const answer = await update(emu, token, {
      response_code: first['response_code'],
      userids: ['ZhangSan', 'nobody'],
      button: { replace_name: '已处理' },
    });
    expect(answer).toMatchObject({ errcode: 0, invaliduser: ['nobody'] });
    const card = ((await get(emu, '/_emulator/cards'))['cards'] as { views: Record<string, unknown> }[])[0];
    expect(card?.views).toEqual({ zhangsan: { replaceName: '已处理' } });
    const reused = await update(emu, token, {
      response_code: first['response_code'],
      atall: 1,
      button: { replace_name: 'x' },
    });
    expect(reused['errcode']).toBe(40058);
    expect(
      (await update(emu, token, { response_code: 'never-issued', atall: 1, button: { replace_name: 'x' } }))[
        'errcode'
      ],
    ).toBe(40058);

    const second = await sendCard(emu, token, DEMO_CARDS.button_interaction(task()));
    await post(emu, '/_emulator/clock/advance', { seconds: 72 * 3600 - 1 });
    token = await weComToken(emu); // the access token lives 2 hours; the response_code 72
    expect(
      (
        await update(emu, token, {
          response_code: second['response_code'],
          atall: 1,
          button: { replace_name: 'ok' },
        })
      )['errcode'],
    ).toBe(0);
    const third = await sendCard(emu, token, DEMO_CARDS.button_interaction(task()));
    await post(emu, '/_emulator/clock/advance', { seconds: 72 * 3600 });
    token = await weComToken(emu);
    const expired = await update(emu, token, {
      response_code: third['response_code'],
      atall: 1,
      button: { replace_name: 'x' },
    });
    expect(expired['errcode']).toBe(40058);
    const journal = (await get(emu, '/_emulator/journal'))['entries'] as { note?: string }[];
    expect(journal.some((e) => e.note?.includes('expired (72 hours)'))).toBe(true);
  });

  it('refuses a button update for a card without buttons, both button and card, and a bad new card', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const menuCard = {
      ...DEMO_CARDS.text_notice,
      task_id: task(),
      action_menu: { action_list: [{ text: '不再提醒', key: 'mute' }] },
    };
    const sent = await sendCard(emu, token, menuCard);
    const code = sent['response_code'];
    expect(code).toMatch(/^emurc/);
    expect(
      (await update(emu, token, { response_code: code, atall: 1, button: { replace_name: 'x' } }))['errcode'],
    ).toBe(40058);
    expect(
      (
        await update(emu, token, {
          response_code: code,
          atall: 1,
          button: { replace_name: 'x' },
          template_card: DEMO_CARDS.text_notice,
        })
      )['errcode'],
    ).toBe(40058);
    expect(
      (
        await update(emu, token, {
          response_code: code,
          atall: 1,
          template_card: { ...DEMO_CARDS.text_notice, card_type: 'poll' },
        })
      )['errcode'],
    ).toBe(40058);
    // The refused calls did not spend the code: a valid whole-card update still goes through.
    expect(
      (await update(emu, token, { response_code: code, atall: 1, template_card: DEMO_CARDS.news_notice }))[
        'errcode'
      ],
    ).toBe(0);
  });

  it('keeps cards and response codes across a --persist restart', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'emu-cards-')), 'state.json');
    let emu = await createEmulator({ persist: file });
    const token = await weComToken(emu);
    const sent = await sendCard(emu, token, DEMO_CARDS.button_interaction(task()));
    await emu.close();
    emu = await createEmulator({ persist: file });
    try {
      expect((await get(emu, '/_emulator/cards'))['cards']).toHaveLength(1);
      const answer = await update(emu, token, {
        response_code: sent['response_code'],
        atall: 1,
        button: { replace_name: '已处理' },
      });
      expect(answer['errcode']).toBe(0);
    } finally {
      await emu.close();
    }
  });
});

describe('a tap on a template card (POST /_emulator/card/click)', () => {
  it('fires template_card_event with EventKey, TaskId, CardType and a fresh ResponseCode, encrypted', async () => {
    const { emu, token, received } = await withCallbacks();
    const id = task();
    const sent = await sendCard(emu, token, DEMO_CARDS.button_interaction(id));
    const clicked = await post(emu, '/_emulator/card/click', {
      agentId: 1000002,
      userid: 'lisi',
      taskId: id,
      key: 'publish',
    });
    expect(clicked['status']).toBe(200);
    const event = parseXml(received.at(-1) ?? '');
    expect(event).toMatchObject({
      MsgType: 'event',
      Event: 'template_card_event',
      EventKey: 'publish',
      TaskId: id,
      CardType: 'button_interaction',
      FromUserName: 'lisi',
      ToUserName: CORP,
      AgentID: '1000002',
    });
    expect(event['ResponseCode']).toBe(clicked['responseCode']);
    expect(event['ResponseCode']).not.toBe(sent['response_code']);
    // The click's code updates the card too.
    expect(
      (
        await update(emu, token, {
          response_code: event['ResponseCode'],
          userids: ['lisi'],
          button: { replace_name: '已发布' },
        })
      )['errcode'],
    ).toBe(0);
    const greyed = await post(emu, '/_emulator/card/click', {
      agentId: 1000002,
      userid: 'lisi',
      taskId: id,
      key: 'publish',
    });
    expect(greyed).toMatchObject({ error: { message: expect.stringMatching(/已发布.*does nothing/) } });
  });

  it('greys out the tapper’s buttons when the app answers with an update_button passive reply', async () => {
    const reply = buildXml({
      ToUserName: 'lisi',
      FromUserName: CORP,
      CreateTime: 1700000000,
      MsgType: 'update_button',
      Button: { ReplaceName: '已收到' },
    });
    const { emu, token } = await withCallbacks(reply);
    const id = task();
    await sendCard(emu, token, DEMO_CARDS.button_interaction(id));
    const tapped = await post(emu, '/_emulator/card/click', {
      agentId: 1000002,
      userid: 'lisi',
      taskId: id,
      key: 'publish',
    });
    expect(tapped['replaced']).toBe('已收到');
    const card = ((await get(emu, '/_emulator/cards'))['cards'] as { views: Record<string, unknown> }[])[0];
    expect(card?.views).toEqual({ lisi: { replaceName: '已收到' } });
  });

  it('sends SelectedItems for a vote and a multiple-choice card', async () => {
    const { emu, token, received } = await withCallbacks();
    const vote = task();
    await sendCard(emu, token, DEMO_CARDS.vote_interaction(vote));
    await post(emu, '/_emulator/card/click', {
      agentId: 1000002,
      userid: 'zhangsan',
      taskId: vote,
      key: ['noodles', 'rice'],
    });
    const tree = parseXmlTree(received.at(-1) ?? '');
    const items = xmlChildren(xmlChild(tree, 'SelectedItems') ?? tree, 'SelectedItem');
    expect(items.map((i) => xmlChild(i, 'QuestionKey')?.text)).toEqual(['lunch']);
    expect(
      xmlChildren(xmlChild(items[0] ?? tree, 'OptionIds') ?? tree, 'OptionId').map((o) => o.text),
    ).toEqual(['noodles', 'rice']);
    expect(parseXml(received.at(-1) ?? '')['EventKey']).toBe('vote');

    const multi = task();
    await sendCard(emu, token, DEMO_CARDS.multiple_interaction(multi));
    await post(emu, '/_emulator/card/click', {
      agentId: 1000002,
      userid: 'zhangsan',
      taskId: multi,
      key: 'book',
      selected: { day: ['tue'] },
    });
    const picked = xmlChildren(
      xmlChild(parseXmlTree(received.at(-1) ?? ''), 'SelectedItems') ?? tree,
      'SelectedItem',
    ).map((i) => [
      xmlChild(i, 'QuestionKey')?.text,
      xmlChild(xmlChild(i, 'OptionIds') ?? i, 'OptionId')?.text,
    ]);
    expect(picked).toEqual([
      ['day', 'tue'],
      ['room', 'b'],
    ]);
  });

  it('refuses a tap by a non-recipient, an unknown key or task, two options on a single-choice vote', async () => {
    const { emu, token, received } = await withCallbacks();
    const id = task();
    await sendCard(emu, token, DEMO_CARDS.button_interaction(id));
    const tap = (body: Record<string, unknown>) =>
      emu.fetch('/_emulator/card/click', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agentId: 1000002, ...body }),
      });
    expect((await tap({ userid: 'wangwu', taskId: id, key: 'publish' })).status).toBe(400);
    expect((await tap({ userid: 'zhangsan', taskId: id, key: 'nope' })).status).toBe(400);
    expect((await tap({ userid: 'zhangsan', taskId: 'unknown', key: 'publish' })).status).toBe(400);
    const single = task();
    const card = DEMO_CARDS.vote_interaction(single);
    await sendCard(emu, token, { ...card, checkbox: { ...card.checkbox, mode: 0 } });
    expect((await tap({ userid: 'zhangsan', taskId: single, key: ['noodles', 'rice'] })).status).toBe(400);
    expect((await tap({ userid: 'zhangsan', taskId: single, key: ['pizza'] })).status).toBe(400);
    expect(received).toEqual([]);
  });
});

describe('one rule set for core and the emulator', () => {
  const mutation = fc.oneof(
    fc.record({
      op: fc.constant('delete'),
      field: fc.constantFrom('task_id', 'main_title', 'button_list', 'card_type'),
    }),
    fc.record({ op: fc.constant('task'), value: fc.string({ maxLength: 140 }) }),
    fc.record({ op: fc.constant('buttons'), n: fc.integer({ min: 0, max: 8 }), dupe: fc.boolean() }),
    fc.record({
      op: fc.constant('horizontal'),
      n: fc.integer({ min: 0, max: 8 }),
      type: fc.integer({ min: 0, max: 4 }),
    }),
    fc.record({
      op: fc.constant('jumps'),
      n: fc.integer({ min: 0, max: 5 }),
      type: fc.integer({ min: 0, max: 3 }),
    }),
    fc.record({ op: fc.constant('menu'), n: fc.integer({ min: 0, max: 4 }) }),
    fc.record({
      op: fc.constant('type'),
      value: fc.constantFrom('text_notice', 'news_notice', 'vote_interaction', 'poll'),
    }),
  );
  const base = fc.constantFrom('button', 'vote', 'multiple', 'text', 'news');

  it('the emulator answers errcode 0 exactly for the cards core accepts, and core’s errcode otherwise', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    await fc.assert(
      fc.asyncProperty(base, fc.array(mutation, { maxLength: 3 }), async (kind, mutations) => {
        const id = task();
        const card: Record<string, unknown> = structuredClone(
          kind === 'button'
            ? DEMO_CARDS.button_interaction(id)
            : kind === 'vote'
              ? DEMO_CARDS.vote_interaction(id)
              : kind === 'multiple'
                ? DEMO_CARDS.multiple_interaction(id)
                : kind === 'text'
                  ? DEMO_CARDS.text_notice
                  : DEMO_CARDS.news_notice,
        );
        for (const m of mutations) {
          if (m.op === 'delete') delete card[m.field];
          if (m.op === 'task') card['task_id'] = `${m.value}${seq++}`;
          if (m.op === 'buttons')
            card['button_list'] = Array.from({ length: m.n }, (_, i) => ({
              text: 'b',
              key: m.dupe ? 'k' : `k${i}`,
            }));
          if (m.op === 'horizontal')
            card['horizontal_content_list'] = Array.from({ length: m.n }, () => ({
              keyname: 'k',
              type: m.type,
              url: 'https://a/',
            }));
          if (m.op === 'jumps')
            card['jump_list'] = Array.from({ length: m.n }, () => ({
              title: 't',
              type: m.type,
              url: 'https://a/',
            }));
          if (m.op === 'menu')
            card['action_menu'] = {
              action_list: Array.from({ length: m.n }, (_, i) => ({ text: 't', key: `m${i}` })),
            };
          if (m.op === 'type') card['card_type'] = m.value;
        }
        const [problem] = checkTemplateCard(card);
        const answer = await sendCard(emu, token, card);
        expect(answer['errcode']).toBe(problem?.errcode ?? 0);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the console shows rich messages', () => {
  it('renders markdown, mpnews and a card with tappable buttons, escaping what the app sent', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const id = task();
    const card = DEMO_CARDS.button_interaction(id);
    await sendCard(emu, token, { ...card, main_title: { title: '<script>alert(1)</script>审批' } });
    await send(emu, token, {
      msgtype: 'markdown',
      markdown: { content: '**粗体** <font color="warning">注意</font> [链接](https://a.example/"x)' },
    });
    const html = await (await emu.fetch('/_emulator/console')).text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;审批');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain(`data-card-task="${id}"`);
    expect(html).toContain('data-card-key="publish"');
    expect(html).toContain('<b>粗体</b>');
    expect(html).toContain('<span style="color:#d25f00">注意</span>');
    expect(html).toContain('/_emulator/card/click');
    // After an update greys the buttons out for everyone, the console shows the replacement text, not the buttons.
    const cards = (await get(emu, '/_emulator/cards'))['cards'] as { taskId: string }[];
    expect(cards.some((c) => c.taskId === id)).toBe(true);
    const first = await sendCard(emu, token, DEMO_CARDS.button_interaction(task()));
    await update(emu, token, {
      response_code: first['response_code'],
      atall: 1,
      button: { replace_name: '已全部处理' },
    });
    const after = await (await emu.fetch('/_emulator/console')).text();
    expect(after).toContain('<button type="button" disabled>已全部处理</button>');
  });
});

describe('POST /_emulator/card/click on any input', () => {
  it('answers below 500 and sends nothing unless the tap is one the card offers', async () => {
    const { emu, token, received } = await withCallbacks();
    await sendCard(emu, token, DEMO_CARDS.vote_interaction('fuzz-vote'));
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            agentId: fc.oneof(fc.constant(1000002), fc.jsonValue()),
            userid: fc.oneof(fc.constant('zhangsan'), fc.jsonValue()),
            taskId: fc.oneof(fc.constant('fuzz-vote'), fc.jsonValue()),
            key: fc.oneof(
              fc.constant('vote'),
              fc.array(fc.constantFrom('noodles', 'rice', 'x')),
              fc.jsonValue(),
            ),
            selected: fc.jsonValue(),
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const before = received.length;
          const answer = await emu.fetch('/_emulator/card/click', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          expect(answer.status).toBeLessThan(500);
          if (answer.status !== 200) expect(received.length).toBe(before);
        },
      ),
      { numRuns: 200 },
    );
  });
});
