import { describe, expect, it } from 'vitest';
import { emulator, get, post, weComToken } from './helpers.js';

/** message/send extras of doc 90236 (audit-3 N-L11): duplicate check, field cuts, markdown limit, unlicenseduser. */
async function sender() {
  const emu = await emulator();
  // A token per call: the tests move the clock past a token's 7200 s.
  const send = async (body: Record<string, unknown>) =>
    post(emu, `/cgi-bin/message/send?access_token=${await weComToken(emu)}`, {
      touser: 'zhangsan',
      agentid: 1000002,
      ...body,
    });
  /** Newest first (the control API lists the oldest first). */
  const inbox = async () =>
    (
      (await get(emu, '/_emulator/inbox'))['messages'] as {
        delivered: string[];
        duplicateOf?: string;
        body: Record<string, Record<string, unknown>>;
      }[]
    ).reverse();
  return { emu, send, inbox };
}

const text = (content: string) => ({ msgtype: 'text', text: { content } });

describe('message/send duplicate check (enable_duplicate_check)', () => {
  it('delivers the same request JSON once within the default 1800 s, and again after it', async () => {
    const { emu, send, inbox } = await sender();
    const body = { ...text('打卡提醒'), enable_duplicate_check: 1 };
    const first = await send(body);
    const again = await send(body);
    expect(first['errcode']).toBe(0);
    expect(again['errcode']).toBe(0);
    const [latest, earliest] = await inbox();
    expect(earliest?.delivered).toEqual(['zhangsan']);
    expect(latest).toMatchObject({ delivered: [], duplicateOf: first['msgid'] });
    emu.advance(1800);
    await send(body);
    expect((await inbox())[0]?.delivered).toEqual(['zhangsan']);
  });

  it('delivers every copy without the check, and a different JSON even with it', async () => {
    const { send, inbox } = await sender();
    await send(text('a'));
    await send(text('a'));
    await send({ ...text('b'), enable_duplicate_check: 1 });
    await send({ ...text('c'), enable_duplicate_check: 1 });
    expect((await inbox()).map((m) => m.delivered)).toEqual([
      ['zhangsan'],
      ['zhangsan'],
      ['zhangsan'],
      ['zhangsan'],
    ]);
  });

  it('takes duplicate_check_interval in seconds and cuts it to 4 hours', async () => {
    const { emu, send, inbox } = await sender();
    const short = { ...text('x'), enable_duplicate_check: 1, duplicate_check_interval: 60 };
    await send(short);
    emu.advance(60);
    await send(short);
    expect((await inbox())[0]?.delivered).toEqual(['zhangsan']);
    const long = { ...text('y'), enable_duplicate_check: 1, duplicate_check_interval: 86_400 };
    await send(long);
    emu.advance(4 * 3600 - 1);
    await send(long);
    expect((await inbox())[0]?.duplicateOf).toBeDefined();
    emu.advance(1);
    await send(long);
    expect((await inbox())[0]?.delivered).toEqual(['zhangsan']);
  });
});

describe('message/send field limits', () => {
  it('cuts textcard title (128 bytes), description (512 bytes) and btntxt (4 characters)', async () => {
    const { send, inbox } = await sender();
    const sent = await send({
      msgtype: 'textcard',
      textcard: {
        title: '题'.repeat(50),
        description: '述'.repeat(200),
        url: 'http://localhost:3000/',
        btntxt: '查看详情吧',
      },
    });
    expect(sent['errcode']).toBe(0);
    const card = (await inbox())[0]?.body['textcard'] ?? {};
    expect(Buffer.byteLength(String(card['title']))).toBe(126);
    expect(Buffer.byteLength(String(card['description']))).toBe(510);
    expect(card['btntxt']).toBe('查看详情');
  });

  it('cuts news article titles and descriptions', async () => {
    const { send, inbox } = await sender();
    await send({
      msgtype: 'news',
      news: {
        articles: [{ title: 'T'.repeat(200), description: 'D'.repeat(600), url: 'http://localhost:3000/' }],
      },
    });
    const [article] = ((await inbox())[0]?.body['news']?.['articles'] ?? []) as Record<string, string>[];
    expect(article?.['title']).toHaveLength(128);
    expect(article?.['description']).toHaveLength(512);
  });

  it('refuses markdown past 2048 bytes with 40058 rather than cutting it', async () => {
    const { send } = await sender();
    expect((await send({ msgtype: 'markdown', markdown: { content: 'm'.repeat(2048) } }))['errcode']).toBe(0);
    const over = await send({ msgtype: 'markdown', markdown: { content: 'm'.repeat(2049) } });
    expect(over['errcode']).toBe(40058);
    expect(String(over['errmsg'])).toMatch(/^markdown\.content exceed max length/);
  });

  it('answers unlicenseduser beside invaliduser, empty for a self-built app', async () => {
    const { send } = await sender();
    expect(await send(text('hi'))).toMatchObject({ errcode: 0, invaliduser: '', unlicenseduser: '' });
  });
});
