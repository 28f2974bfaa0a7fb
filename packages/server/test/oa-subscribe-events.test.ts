import { parseXmlTree } from '@wxkit/core';
import { parseEvent as toEvent } from '@wxkit/core/contract';
import { createEmulator } from '@wxkit/emulator';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { WxEvent } from '../src/index.js';
import { controlOf, oaCallbackApp } from './callback-app.js';

const TOKEN = 'SubscribeEventsToken';
const AES = 'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj';
const NOTICE = 'wxkitSurveyNotice000000000000000000000000000';
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

describe('subscription-notification events from the emulator to @wxkit/server', () => {
  it('types the popup choice as event.subscribePopup and the send result as event.subscribeSent (safe mode)', async () => {
    const emu = await createEmulator({});
    closers.push(() => emu.close());
    const { officialAccount, wx } = await oaCallbackApp(emu, {
      token: TOKEN,
      encodingAESKey: AES,
      mode: 'safe',
    });
    const popups: WxEvent[] = [];
    const sents: WxEvent[] = [];
    wx.on('subscribe_msg_popup_event', (e) => void popups.push(e));
    wx.on('subscribe_msg_sent_event', (e) => void sents.push(e));
    const control = controlOf(emu);

    expect(
      await control('/_emulator/oa/subscribe-popup', {
        openid: 'o-xiaoming',
        templateId: NOTICE,
        status: 'accept',
      }),
    ).toMatchObject({ status: 200 });
    await control('/_emulator/oa/subscribe-popup', {
      openid: 'o-xiaohong',
      templateId: NOTICE,
      status: 'reject',
      scene: 2,
    });
    await vi.waitFor(() => expect(popups).toHaveLength(2));
    expect(Object.fromEntries(popups.map((e) => [e.from, e.subscribePopup]))).toEqual({
      'o-xiaoming': [{ templateId: NOTICE, status: 'accept', scene: 1 }],
      'o-xiaohong': [{ templateId: NOTICE, status: 'reject', scene: 2 }],
    });

    const sent = await officialAccount.subscribe.send({
      touser: 'o-xiaoming',
      template_id: NOTICE,
      data: { thing1: { value: '员工满意度调查' }, time2: { value: '2026年12月1日 10:00' } },
    });
    await vi.waitFor(() => expect(sents).toHaveLength(1));
    expect(sents[0]?.subscribeSent).toEqual([
      { templateId: NOTICE, msgId: sent.msgid, errorCode: 0, errorStatus: 'success' },
    ]);
    expect(sents[0]?.subscribePopup).toBeUndefined();
  });
});

describe('toEvent on subscription events', () => {
  it('reads every List of a popup event, and leaves other events without the fields', () => {
    const xml = parseXmlTree(
      `<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>subscribe_msg_popup_event</Event><SubscribeMsgPopupEvent><List><TemplateId>A</TemplateId><SubscribeStatusString>accept</SubscribeStatusString><PopupScene>2</PopupScene></List><List><TemplateId>B</TemplateId><SubscribeStatusString>reject</SubscribeStatusString></List></SubscribeMsgPopupEvent></xml>`,
    );
    expect(toEvent(xml, 'oa').subscribePopup).toEqual([
      { templateId: 'A', status: 'accept', scene: 2 },
      { templateId: 'B', status: 'reject' },
    ]);
    const click = parseXmlTree(
      '<xml><MsgType>event</MsgType><Event>CLICK</Event><SubscribeMsgPopupEvent><List><TemplateId>A</TemplateId></List></SubscribeMsgPopupEvent></xml>',
    );
    expect(toEvent(click, 'oa').subscribePopup).toBeUndefined();
  });

  it('keeps a MsgID past the safe integers exactly (string)', () => {
    const xml = parseXmlTree(
      '<xml><MsgType>event</MsgType><Event>subscribe_msg_sent_event</Event><SubscribeMsgSentEvent><List><TemplateId>A</TemplateId><MsgID>1700827132819554304</MsgID><ErrorCode>0</ErrorCode><ErrorStatus>success</ErrorStatus></List></SubscribeMsgSentEvent></xml>',
    );
    expect(toEvent(xml, 'oa').subscribeSent?.[0]?.msgId).toBe('1700827132819554304');
  });

  it('types any popup List the platform could send without throwing (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '1', '-', '_', ' '), maxLength: 12 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, fc.constantFrom('accept', 'reject', 'x'), fc.option(text)), { maxLength: 5 }),
        (items) => {
          const lists = items
            .map(
              ([id, status, scene]) =>
                `<List><TemplateId>${id}</TemplateId><SubscribeStatusString>${status}</SubscribeStatusString>${scene === null ? '' : `<PopupScene>${scene}</PopupScene>`}</List>`,
            )
            .join('');
          const event = toEvent(
            parseXmlTree(
              `<xml><MsgType>event</MsgType><Event>subscribe_msg_popup_event</Event><SubscribeMsgPopupEvent>${lists}</SubscribeMsgPopupEvent></xml>`,
            ),
            'oa',
          );
          expect(event.subscribePopup?.map((p) => p.status)).toEqual(items.map(([, s]) => s));
        },
      ),
    );
  });
});
