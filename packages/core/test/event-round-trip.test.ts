import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHANGE_TYPES,
  cardEventFields,
  changeContactFields,
  contactFieldsOf,
  type EventEnvelope,
  locationFields,
  parseEvent,
  scanCodeInfoFields,
  sendLocationInfoFields,
  sendPicsInfoFields,
  subscribePopupFields,
  subscribeSentFields,
  templateJobFields,
  type WxContactChange,
} from '../src/contract/index.js';
import { buildXml, parseXmlTree, type XmlFields } from '../src/index.js';

/** What an app's server reads from what the platform (or the emulator) sends: build, serialise, parse. */
const overTheWire = (fields: XmlFields, platform: 'wecom' | 'oa' = 'wecom') =>
  parseEvent(parseXmlTree(buildXml(fields)), platform);

// Any text the XML can carry (CDATA keeps `]]>` and markup); no control characters, which XML 1.0 forbids.
const text = fc
  .string({ unit: 'grapheme', maxLength: 24 })
  .filter((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s));
const word = fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/);
const envelope: fc.Arbitrary<EventEnvelope> = fc.record({
  ToUserName: word,
  FromUserName: word,
  CreateTime: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});
const runs = { numRuns: 150 };

describe('each callback event survives the wire: the emulator builds it, the server kit reads the same model back', () => {
  it('template_card_event: key, task, type, response code and the options chosen per question', () => {
    const card = fc.record(
      {
        eventKey: text,
        taskId: text,
        cardType: text,
        responseCode: text,
        selected: fc.array(fc.record({ questionKey: text, optionIds: fc.array(text, { maxLength: 4 }) }), {
          minLength: 1,
          maxLength: 3,
        }),
      },
      { requiredKeys: ['eventKey', 'taskId', 'cardType', 'responseCode'] },
    );
    fc.assert(
      fc.property(card, envelope, fc.integer({ min: 1, max: 9_999_999 }), (model, env, agentId) => {
        const event = overTheWire(cardEventFields(model, env, agentId));
        expect(event.type).toBe('template_card_event');
        expect(event.agentId).toBe(String(agentId));
        expect(event.card).toEqual(model);
      }),
      runs,
    );
  });

  it('change_contact: every typed field of a member, department or tag change', () => {
    const id = fc.integer({ min: 0, max: 2 ** 31 - 1 });
    const name = fc.stringMatching(/^[^,]{1,12}$/).filter((s) => !/[\u0000-\u001f]/.test(s));
    const change: fc.Arbitrary<WxContactChange> = fc
      .record(
        {
          changeType: fc.constantFrom(...CHANGE_TYPES),
          userId: word,
          newUserId: word,
          name: text,
          departments: fc.array(id, { minLength: 1, maxLength: 4 }),
          mainDepartment: id,
          position: text,
          status: fc.constantFrom(1, 2, 4, 5),
          departmentId: id,
          parentId: id,
          order: id,
          tagId: id,
          addUserItems: fc.array(name, { minLength: 1, maxLength: 3 }),
          delUserItems: fc.array(name, { minLength: 1, maxLength: 3 }),
          addPartyItems: fc.array(id, { minLength: 1, maxLength: 3 }),
          delPartyItems: fc.array(id, { minLength: 1, maxLength: 3 }),
        },
        { requiredKeys: ['changeType'] },
      )
      // Id is a department's only on a party change.
      .map((c) => {
        if (!c.changeType.endsWith('_party')) delete c.departmentId;
        return c;
      });
    fc.assert(
      fc.property(change, envelope, (model, env) => {
        const contact = contactFieldsOf(model);
        const event = overTheWire(changeContactFields({ changeType: model.changeType, contact }, env));
        expect(event.type).toBe('change_contact');
        expect(event.from).toBe('sys');
        expect(event.contact).toEqual(model);
      }),
      runs,
    );
  });

  it('subscribe_msg_popup_event and subscribe_msg_sent_event: one entry per template, scene and 64-bit msgid kept', () => {
    const popup = fc.array(
      fc.record(
        {
          templateId: word,
          status: fc.constantFrom('accept', 'reject'),
          scene: fc.integer({ min: 0, max: 1 }),
        },
        { requiredKeys: ['templateId', 'status'] },
      ),
      { minLength: 1, maxLength: 4 },
    );
    const sent = fc.array(
      fc.record({
        templateId: word,
        msgId: fc.bigInt({ min: 1n, max: 2n ** 63n }).map(String),
        errorCode: fc.integer({ min: 0, max: 100_000 }),
        errorStatus: text,
      }),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(popup, sent, envelope, (choices, results, env) => {
        expect(overTheWire(subscribePopupFields(choices, env), 'oa').subscribePopup).toEqual(choices);
        expect(overTheWire(subscribeSentFields(results, env), 'oa').subscribeSent).toEqual(results);
      }),
      runs,
    );
  });

  it('message parts: LOCATION, scan codes, pictures, a picked location and a template job', () => {
    const coordinate = fc.integer({ min: -180_000_000, max: 180_000_000 }).map((n) => n / 1_000_000);
    const parts = fc.record({
      location: fc.record({ latitude: coordinate, longitude: coordinate, precision: coordinate }),
      scan: fc.record({ scanType: text, scanResult: text }),
      pics: fc.array(fc.record({ picMd5Sum: word }), { maxLength: 4 }),
      picked: fc.record({
        locationX: coordinate,
        locationY: coordinate,
        scale: fc.nat(20),
        label: text,
        poiname: text,
      }),
      job: fc.record({
        msgId: fc.bigInt({ min: 1n, max: 2n ** 63n }).map(String),
        status: fc.constantFrom('success', 'failed:user block', 'failed: system failed'),
      }),
    });
    fc.assert(
      fc.property(parts, envelope, (p, env) => {
        const event = (name: string, extra: XmlFields) =>
          overTheWire({ ...env, MsgType: 'event', Event: name, ...extra });
        expect(event('LOCATION', locationFields(p.location)).location).toEqual(p.location);
        expect(event('scancode_push', scanCodeInfoFields(p.scan)).scanCodeInfo).toEqual(p.scan);
        const pictures = { count: p.pics.length, picList: p.pics };
        expect(event('pic_weixin', sendPicsInfoFields(pictures)).sendPicsInfo).toEqual(pictures);
        expect(event('location_select', sendLocationInfoFields(p.picked)).sendLocationInfo).toEqual(p.picked);
        const job = overTheWire({ ...env, MsgType: 'event', ...templateJobFields(p.job) }, 'oa');
        expect(job.type).toBe('templatesendjobfinish');
        expect(job.templateJob).toEqual(p.job);
      }),
      runs,
    );
  });
});
