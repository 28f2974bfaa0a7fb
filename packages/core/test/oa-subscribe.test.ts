import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explain, isWxApiError, WxConfigError } from '../src/index.js';
import { assertSubscribeMessage } from '../src/rules/index.js';
import { useEmulatedAccount } from './helpers/emulated-account.js';

const NOTICE = 'wxkitSurveyNotice000000000000000000000000000';
const DATA = { thing1: { value: '员工满意度调查' }, time2: { value: '2026年12月1日 10:00' } };

const stage = useEmulatedAccount('OaSubscribeToken');
const client = stage.client;

const control = stage.control;
const accept = (openid = 'o-xiaoming', status = 'accept') =>
  control('/_emulator/oa/subscribe-popup', { openid, templateId: NOTICE, status });

const message = (overrides: Record<string, unknown> = {}) => ({
  touser: 'o-xiaoming',
  template_id: NOTICE,
  page: 'http://localhost:3000/survey/results',
  data: DATA,
  ...overrides,
});

describe('oa.subscribe against the emulator', () => {
  it("lists the account's subscription templates (priTmplId, type)", async () => {
    const { oa } = client();
    const [template] = await oa.subscribe.templates();
    expect(template).toMatchObject({ priTmplId: NOTICE, title: '问卷结果提醒', type: 2 });
    expect(template?.content).toContain('{{thing1.DATA}}');
  });

  it('sends after the user accepted and answers the msgid as a string', async () => {
    const { oa } = client();
    await accept();
    const sent = await oa.subscribe.send(message());
    expect(sent.msgid).toMatch(/^\d+$/);
  });

  it('turns a send without an acceptance into WxApiError 43101 explained by the catalog', async () => {
    const { oa } = client();
    const error = await oa.subscribe.send(message({ touser: 'o-xiaogang' })).catch((e: unknown) => e);
    expect(isWxApiError(error) && error.errcode).toBe(43101);
    expect(explain(43101, 'oa')?.fix).toMatch(/wx-open-subscribe/);
  });

  it('refuses, before any call, a bad openid, template_id, page, miniprogram, empty data and typed values past their limits', async () => {
    const { oa, calls } = client();
    const bad = [
      message({ touser: 'o xiaoming' }),
      message({ template_id: '' }),
      message({ template_id: 'has space' }),
      message({ page: 'javascript:alert(1)' }),
      message({ miniprogram: { pagepath: 'pages/index' } }),
      message({ miniprogram: { appid: 'wx1', pagepath: 3 } }),
      message({ data: {} }),
      message({ data: [] }),
      message({ data: { thing1: { value: '这是一个超过二十个字的问卷名称，平台会拒绝它的发送' } } }),
      message({ data: { character_string2: { value: '中文不是字符串' } } }),
      message({ data: { thing1: {} } }),
      message({ data: { '1thing': { value: 'x' } } }),
      null,
    ];
    for (const m of bad)
      await expect(oa.subscribe.send(m as Parameters<typeof oa.subscribe.send>[0])).rejects.toThrow(
        WxConfigError,
      );
    expect(calls()).toEqual([]);
    await expect(oa.subscribe.send(message({ template_id: '' }) as never)).rejects.toThrow(/40037/);
    await expect(oa.subscribe.send(message({ touser: '' }) as never)).rejects.toThrow(/40003/);
    await expect(
      oa.subscribe.send(message({ data: { thing1: { value: 'x'.repeat(21) } } }) as never),
    ).rejects.toThrow(/47003/);
  });

  it('does not retry a send on HTTP 500 (it could notify twice), and the acceptance is still there', async () => {
    const { oa, calls } = client();
    await accept('o-xiaohong');
    await control('/_emulator/faults', { path: '/cgi-bin/message/subscribe/bizsend', status: 500, count: 1 });
    await expect(oa.subscribe.send(message({ touser: 'o-xiaohong' }))).rejects.toThrow();
    expect(calls().filter((p) => p === '/cgi-bin/message/subscribe/bizsend')).toHaveLength(1);
    expect((await oa.subscribe.send(message({ touser: 'o-xiaohong' }))).msgid).toBeDefined();
  });

  it('does not retry a dropped connection on bizsend', async () => {
    const { oa, calls } = client();
    await control('/_emulator/faults', { path: '/cgi-bin/message/subscribe/bizsend', drop: true, count: 1 });
    await expect(oa.subscribe.send(message())).rejects.toThrow();
    expect(calls().filter((p) => p === '/cgi-bin/message/subscribe/bizsend')).toHaveLength(1);
  });

  it('retries templates() through a system error (-1)', async () => {
    const { oa, calls } = client();
    await control('/_emulator/faults', { path: '/wxaapi/newtmpl/gettemplate', errcode: -1, count: 1 });
    expect(await oa.subscribe.templates()).toHaveLength(1);
    expect(calls().filter((p) => p === '/wxaapi/newtmpl/gettemplate')).toHaveLength(2);
  });
});

describe('assertSubscribeMessage', () => {
  it('builds the bizsend body: values as strings, no color, miniprogram kept', () => {
    expect(
      assertSubscribeMessage({
        touser: 'o-xiaoming',
        template_id: NOTICE,
        miniprogram: { appid: 'wx123', pagepath: 'pages/a' },
        data: { thing1: { value: 'a' }, number2: { value: 12 } },
      }),
    ).toEqual({
      touser: 'o-xiaoming',
      template_id: NOTICE,
      miniprogram: { appid: 'wx123', pagepath: 'pages/a' },
      data: { thing1: { value: 'a' }, number2: { value: '12' } },
    });
  });

  it('throws only WxConfigError whatever it is given (property)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (touser, template_id, data) => {
        try {
          assertSubscribeMessage({ touser, template_id, data } as never);
        } catch (error) {
          return error instanceof WxConfigError;
        }
        return true;
      }),
    );
  });
});
