import { oaPush, TINY_JPEG } from '@wxkit/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWxApiError, WxConfigError } from '../src/index.js';
import { checkKeyword, keywordFault } from '../src/rules/index.js';
import { useEmulatedAccount } from './helpers/emulated-account.js';

const TEMPLATE = 'wxkitSurveyResult00000000000000000000000000';

const stage = useEmulatedAccount('OaMessagesToken');
const client = stage.client;

const fault = (body: Record<string, unknown>) => stage.control('/_emulator/faults', body);

const message = (overrides: Record<string, unknown> = {}) => ({
  touser: 'o-xiaoming',
  template_id: TEMPLATE,
  url: 'http://localhost:3000/survey/results',
  data: {
    thing1: { value: '员工满意度调查' },
    time2: { value: '2026年12月1日 10:00' },
    thing3: { value: '已发布' },
  },
  ...overrides,
});

describe('oa.templates against the emulator', () => {
  it("lists the account's templates with their placeholders", async () => {
    const { oa } = client();
    const [template] = await oa.templates.list();
    expect(template).toMatchObject({ template_id: TEMPLATE, title: '问卷结果通知' });
    expect(template?.content).toContain('{{thing1.DATA}}');
    expect(await oa.templates.industry()).toMatchObject({ primary_industry: { first_class: 'IT科技' } });
  });

  it('manages templates: sets the industries, adds a library template, sends with it, removes it', async () => {
    const { oa } = client();
    await oa.templates.setIndustry(1, 2);
    expect((await oa.templates.industry()).secondary_industry).toEqual({
      first_class: 'IT科技',
      second_class: 'IT软件与服务',
    });
    const id = await oa.templates.add('45001', ['问卷名称', '提交时间', '结果']);
    expect((await oa.templates.list()).map((t) => t.template_id)).toContain(id);
    expect((await oa.templates.send(message({ template_id: id }))).msgid).toBeGreaterThan(0);
    await oa.templates.remove(id);
    const gone = await oa.templates.remove(id).catch((e: unknown) => e);
    expect(isWxApiError(gone) && gone.errcode).toBe(40037);
    const again = await oa.templates.setIndustry(3, 4).catch((e: unknown) => e);
    expect(isWxApiError(again) && again.errcode).toBe(43100);
  });

  it('refuses a bad industry id, short id or template id before any call', async () => {
    const { oa, all: calls } = client();
    await expect(oa.templates.setIndustry(0, 1)).rejects.toThrow(/primary must be an industry id 1-41/);
    await expect(oa.templates.setIndustry(1, 42)).rejects.toThrow(/secondary/);
    await expect(oa.templates.add('not a template')).rejects.toThrow(WxConfigError);
    await expect(oa.templates.add('TM00015', [''])).rejects.toThrow(/keywordNames/);
    await expect(oa.templates.remove('')).rejects.toThrow(WxConfigError);
    expect(calls()).toEqual([]);
  });

  it('sends a template message and answers its msgid', async () => {
    const { oa } = client();
    const { msgid } = await oa.templates.send(message());
    expect(Number.isInteger(msgid) && msgid > 0).toBe(true);
  });

  it('refuses, before any call, a bad openid, template_id, url, empty data and typed values past their limits', async () => {
    const { oa, all: calls } = client();
    const bad = [
      message({ touser: 'o xiaoming' }),
      message({ template_id: '' }),
      message({ template_id: 'has space' }),
      message({ url: 'javascript:alert(1)' }),
      message({ data: {} }),
      message({ data: { thing1: { value: '这是一个超过二十个字的问卷名称，平台会拒绝它的发送' } } }),
      message({ data: { character_string2: { value: '中文不是字符串' } } }),
      message({ data: { thing1: {} } }),
      message({ client_msg_id: 'x'.repeat(33) }),
    ];
    for (const m of bad)
      await expect(oa.templates.send(m as Parameters<typeof oa.templates.send>[0])).rejects.toThrow(
        WxConfigError,
      );
    expect(calls()).toEqual([]);
    await expect(oa.templates.send(message({ template_id: '' }) as never)).rejects.toThrow(/40037/);
    await expect(
      oa.templates.send(message({ data: { thing1: { value: 'x'.repeat(21) } } }) as never),
    ).rejects.toThrow(/47003/);
  });

  it('retries templates.list through a system error (-1) and lists the templates', async () => {
    const { oa, calls } = client();
    await fault({ path: '/cgi-bin/template/get_all_private_template', errcode: -1, count: 1 });
    expect(await oa.templates.list()).toHaveLength(1);
    expect(calls().filter((p) => p === '/cgi-bin/template/get_all_private_template')).toHaveLength(2);
  });

  it('turns an unknown template into WxApiError 40037 explained by the catalog', async () => {
    const { oa } = client();
    const error = await oa.templates
      .send(message({ template_id: 'NoSuchTemplate' }))
      .catch((e: unknown) => e);
    expect(isWxApiError(error) && error.errcode).toBe(40037);
    expect(String((error as Error).message)).toMatch(/templates\.list/);
  });

  it('does not retry a template send on HTTP 500 (it could deliver twice)', async () => {
    const { oa, calls } = client();
    await fault({ path: '/cgi-bin/message/template/send', status: 500, count: 1 });
    await expect(oa.templates.send(message())).rejects.toThrow();
    expect(calls().filter((p) => p === '/cgi-bin/message/template/send')).toHaveLength(1);
  });

  it('retries a template send with client_msg_id on HTTP 500, and the platform sends it once', async () => {
    const { oa, calls } = client();
    await fault({ path: '/cgi-bin/message/template/send', status: 500, count: 1 });
    const first = await oa.templates.send(message({ client_msg_id: 'results-o-xiaoming-1' }));
    expect(calls().filter((p) => p === '/cgi-bin/message/template/send')).toHaveLength(2);
    const again = await oa.templates.send(message({ client_msg_id: 'results-o-xiaoming-1' }));
    expect(again.msgid).toBe(first.msgid);
  });

  it('keeps any value a typed keyword takes and refuses any longer one (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), (value) => {
        const problem = checkKeyword('thing1', value)[0];
        const length = [...value].length;
        if (length > 20) return problem !== undefined;
        return value.trim() === '' ? problem !== undefined : problem === undefined;
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (value) => {
        const problem = checkKeyword('character_string7', value)[0];
        const fine = [...value].length <= 32 && /^[\x20-\x7e]*$/.test(value) && value.trim() !== '';
        return fine === (problem === undefined);
      }),
    );
  });
});

describe('oa.custom against the emulator', () => {
  it('refuses, before any call, an unknown msgtype, a second news article and a missing media_id', async () => {
    const { oa, all: calls } = client();
    const bad = [
      { touser: 'o-xiaoming', msgtype: 'markdown', markdown: { content: 'x' } },
      { touser: 'o-xiaoming', msgtype: 'text', text: { content: '' } },
      { touser: 'o-xiaoming', msgtype: 'image', image: {} },
      {
        touser: 'o-xiaoming',
        msgtype: 'news',
        news: {
          articles: [
            { title: 'a', url: 'https://a' },
            { title: 'b', url: 'https://b' },
          ],
        },
      },
      { touser: 'o-xiaoming', msgtype: 'msgmenu', msgmenu: { list: [] } },
      { touser: '', msgtype: 'text', text: { content: 'hi' } },
    ];
    for (const m of bad) await expect(oa.custom.send(m as never)).rejects.toThrow(WxConfigError);
    expect(calls()).toEqual([]);
  });

  it('answers 45015 explained by the catalog when the follower has not interacted', async () => {
    const { oa } = client();
    const error = await oa.custom
      .send({ touser: 'o-xiaohong', msgtype: 'text', text: { content: '您好' } })
      .catch((e: unknown) => e);
    expect(isWxApiError(error) && error.errcode).toBe(45015);
    expect(String((error as Error).message)).toMatch(/48 hours/);
  });

  it('sends a text within the window a message from the follower opened', async () => {
    const { oa } = client();
    expect(
      await oaPush(stage.emu.fetch, { type: 'text', openid: 'o-xiaogang', content: '你好' }),
    ).toMatchObject({
      status: 200,
    });
    await oa.custom.send({ touser: 'o-xiaogang', msgtype: 'text', text: { content: '收到，谢谢' } });
  });

  it('does not retry a customer-service message on HTTP 502', async () => {
    const { oa, calls } = client();
    await oaPush(stage.emu.fetch, { type: 'text', openid: 'o-xiaogang', content: 'again' });
    await fault({ path: '/cgi-bin/message/custom/send', status: 502, count: 1 });
    await expect(
      oa.custom.send({ touser: 'o-xiaogang', msgtype: 'text', text: { content: 'x' } }),
    ).rejects.toThrow();
    expect(calls().filter((p) => p === '/cgi-bin/message/custom/send')).toHaveLength(1);
  });
});

describe('oa.media against the emulator', () => {
  it('uploads an image and downloads the same bytes, content-type and name (the MediaFile of wecom.media.get)', async () => {
    const { oa } = client();
    const up = await oa.media.upload('image', {
      data: TINY_JPEG,
      filename: '照片.jpg',
      contentType: 'image/jpeg',
    });
    expect(up).toMatchObject({ type: 'image', mediaId: expect.stringMatching(/^3emu/) });
    expect(Number.isInteger(up.createdAt)).toBe(true);
    const file = await oa.media.get(up.mediaId);
    expect(file).toEqual({ data: TINY_JPEG, contentType: 'image/jpeg', filename: '照片.jpg' });
  });

  it('uploads a thumb (answered as thumb_media_id) and refuses one over 64 KB before any call', async () => {
    const { oa, calls } = client();
    const up = await oa.media.upload('thumb', {
      data: TINY_JPEG,
      filename: 't.jpg',
      contentType: 'image/jpeg',
    });
    expect(up.mediaId).toMatch(/^3emu/);
    const before = calls().length;
    await expect(
      oa.media.upload('thumb', { data: new Uint8Array(64 * 1024 + 1), filename: 't.jpg' }),
    ).rejects.toThrow(/64 KB.*40006/);
    await expect(oa.media.upload('file' as never, { data: TINY_JPEG, filename: 'x' })).rejects.toThrow(
      /40004/,
    );
    await expect(oa.media.get('')).rejects.toThrow(WxConfigError);
    expect(calls().length).toBe(before);
  });

  it('follows the video_url a video answers with and gives the video bytes like any other file', async () => {
    const { oa } = client();
    const mp4 = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32, 1, 2, 3, 4]);
    const up = await oa.media.upload('video', { data: mp4, filename: 'clip.mp4', contentType: 'video/mp4' });
    const file = await oa.media.get(up.mediaId);
    expect(file).toEqual({ data: mp4, contentType: 'video/mp4', filename: 'clip.mp4' });
  });

  it('retries media/upload through a dropped connection and stores the file', async () => {
    const { oa, calls } = client();
    await fault({ path: '/cgi-bin/media/upload', drop: true, count: 1 });
    const up = await oa.media.upload('image', {
      data: TINY_JPEG,
      filename: 'b.jpg',
      contentType: 'image/jpeg',
    });
    expect((await oa.media.get(up.mediaId)).data).toEqual(TINY_JPEG);
    expect(calls().filter((p) => p === '/cgi-bin/media/upload')).toHaveLength(2);
  });

  it('retries media/get through an HTTP 503 and gets the file', async () => {
    const { oa, calls } = client();
    const up = await oa.media.upload('image', {
      data: TINY_JPEG,
      filename: 'a.jpg',
      contentType: 'image/jpeg',
    });
    await fault({ path: '/cgi-bin/media/get', status: 503, count: 1 });
    const file = await oa.media.get(up.mediaId);
    expect(file.data).toEqual(TINY_JPEG);
    expect(calls().filter((p) => p === '/cgi-bin/media/get')).toHaveLength(2);
  });

  it("answers 40007 for another platform's media_id (a WeCom upload is not the account's)", async () => {
    const { oa } = client();
    const error = await oa.media.get('3emu-nothing-here').catch((e: unknown) => e);
    expect(isWxApiError(error) && error.errcode).toBe(40007);
  });
});

describe('template keyword types', () => {
  it('takes keyword names that Object.prototype holds as untyped, not as a type', () => {
    for (const key of ['constructor1', 'toString2', '__proto__3', 'hasOwnProperty1'])
      expect(checkKeyword(key, ''), key).toEqual([]);
  });
});

describe('time, date and amount keywords (订阅消息参数值内容限制说明, stricter reading)', () => {
  it('takes a 24-hour time with an optional date, or a range joined by ~, and nothing else', () => {
    for (const fine of [
      '15:01',
      '9:05',
      '2019年10月1日 15:01',
      '2019-10-01 15:01',
      '2019/10/01 15:01',
      '15:01~16:00',
    ])
      expect(checkKeyword('time2', fine)[0]?.message, fine).toBeUndefined();
    for (const bad of ['明天下午', '15:01～16:00', '2023-03-24 11:50:00', '24:00', '15点', '2019年10月1日'])
      expect(checkKeyword('time2', bad)[0]?.message, bad).toMatch(/24-hour time/);
  });

  it('takes a date alone (or a range), an amount with at most 10 digits, a symbol and 元', () => {
    for (const fine of ['2019年10月1日', '2019-10-01', '2019年10月1日~2019年10月7日'])
      expect(checkKeyword('date3', fine)[0]?.message, fine).toBeUndefined();
    for (const bad of ['2019年10月1日 15:01', '下周一', '10/01'])
      expect(checkKeyword('date3', bad)[0]?.message, bad).toBeDefined();
    for (const fine of ['¥12.50', '100元', '6000.00', '￥1234567890'])
      expect(checkKeyword('amount4', fine)[0]?.message, fine).toBeUndefined();
    for (const bad of ['十元', '12345678901', '$-1', '1.2.3'])
      expect(checkKeyword('amount4', bad)[0]?.message, bad).toBeDefined();
  });

  it('keeps phrase to Han characters and car_number to letters and digits (Han only first and last)', () => {
    expect(checkKeyword('phrase1', '配送中')[0]?.message).toBeUndefined();
    expect(checkKeyword('phrase1', 'ok')[0]?.message).toBeDefined();
    expect(checkKeyword('car_number1', '粤A8Z888挂')[0]?.message).toBeUndefined();
    expect(checkKeyword('car_number1', 'A8中Z88')[0]?.message).toBeDefined();
  });

  it('says the platform words for errmsg and ours for the journal', () => {
    expect(keywordFault('time2', '明天下午')).toEqual({
      text: 'data.time2.value invalid',
      why: expect.stringMatching(/must be a 24-hour time/),
    });
    expect(keywordFault('thing1', ' ')?.text).toBe('data.thing1.value is empty');
  });
});
