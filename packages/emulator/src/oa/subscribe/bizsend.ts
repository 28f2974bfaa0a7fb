import type { XmlFields } from '@wxkit/core';
import { subscribePopupFields, subscribeSentFields } from '@wxkit/core/contract';
import { OPENID_PATTERN } from '@wxkit/core/rules';
import { guarded, type Service } from '../../context.js';
import { asText, fail, ok } from '../../envelope.js';
import type { SeedOfficialAccount, SeedSubscribeTemplate } from '../../seed.js';
import { defineState, type World } from '../../world.js';
import { oaStamp, originalId } from '../callbacks/ids.js';
import { pushAfterAnswer } from '../callbacks/send.js';
import { oaPost } from '../common.js';
import { dataProblem, linkProblem } from '../messages/messages.js';
import { knownOpenid } from '../messages/window.js';

/*
 * Official Account subscription notifications (订阅通知).
 *
 * Source: OA doc 订阅通知 (doc/offiaccount/Subscription_Messages/api.html; its event samples are the MP doc's
 * 订阅消息 ones: subscribe_msg_popup_event with SubscribeMsgPopupEvent/List {TemplateId, SubscribeStatusString,
 * PopupScene}; subscribe_msg_sent_event with SubscribeMsgSentEvent/List {TemplateId, MsgID, ErrorCode,
 * ErrorStatus}); silenceper/wechat officialaccount/message/subscribe.go (gettemplate `data[]` of priTmplId, title,
 * content, example, type 2/3); the MP subscribeMessage.send error table (40003, 40037, 43101, 47003) that practitioners
 * report for bizsend too.
 * Unsure: (1) whether bizsend needs the user to follow — the popup is offered in the account's web pages to anyone
 * who opened them, so the emulator does not ask (no 43004); (2) whether a repeated one-time acceptance adds up
 * (mini programs: each acceptance allows one more send; the emulator counts them so); (3) the errmsg texts; (4) the
 * msgid in the answer (the MP doc says the sent event's MsgID "调用接口时也会返回").
 */

/**
 * Captures of bizsend's 40037 "invalid template_id rid:", 40003 "invalid openid rid:", 43101 and 47003 have no comma
 * before rid (community 000ae40b6ac8b06018622eb7260000; audit-3 N-L2, N-L3).
 */
const BARE = { bareRid: true };

/** Subscription msgids: large integers like the doc's 1700827132819554304, kept within JavaScript's safe range. */
const MSGID_BASE = 3_000_000_000;

/** A user's choice in the wx-open-subscribe popup for one template (POST /_emulator/oa/subscribe-popup). */
export interface OaSubscribeGrant {
  appId: string;
  openid: string;
  templateId: string;
  status: 'accept' | 'reject';
  /** 2 one-time, 3 long-term (the template's type). */
  type: number;
  /** One-time templates: sends left (one per acceptance). */
  remaining: number;
  at: number;
}

/** A subscription notification accepted by bizsend. */
export interface OaSubscribeSentEntry {
  at: number;
  appId: string;
  openid: string;
  templateId: string;
  msgid: number;
  body: Record<string, unknown>;
}

/** Grants per `appId:openid:templateId` (the latest popup choice), and the notifications sent (newest last). */
export const OA_SUBSCRIBE_GRANTS_KEPT = 10_000;
export const subscribeState = defineState('oa-subscribe', (store) => ({
  grants: store.map<string, OaSubscribeGrant>('oaSubscribeGrants', OA_SUBSCRIBE_GRANTS_KEPT),
  sent: store.ring<OaSubscribeSentEntry>('oaSubscribeSent', 1000),
  count: store.counter('oaSubscribeCount'),
}));

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const grantKey = (appId: string, openid: string, templateId: string) =>
  `${appId}:${openid}:${templateId}`;

export const subscribeTemplateOf = (
  account: SeedOfficialAccount,
  templateId: unknown,
): SeedSubscribeTemplate | undefined =>
  (account.subscribeTemplates ?? []).find((t) => t.priTmplId === templateId);

/**
 * Records the user's choice in the popup: accept adds one send to a one-time template (long-term ones send until
 * rejected); reject takes every send back (43101 afterwards).
 */
export function recordGrant(
  world: World,
  account: SeedOfficialAccount,
  openid: string,
  template: SeedSubscribeTemplate,
  status: 'accept' | 'reject',
): OaSubscribeGrant {
  const key = grantKey(account.appId, openid, template.priTmplId);
  const previous = subscribeState.of(world).grants.get(key);
  const type = template.type ?? 2;
  const kept = previous?.status === 'accept' ? previous.remaining : 0;
  const grant: OaSubscribeGrant = {
    appId: account.appId,
    openid,
    templateId: template.priTmplId,
    status,
    type,
    // A long-term grant has no count; 1 stands for "open".
    remaining: status === 'reject' ? 0 : type === 3 ? 1 : Math.min(kept + 1, 1000),
    at: world.now(),
  };
  // Re-inserted so the CappedMap forgets the least recently chosen first.
  subscribeState.of(world).grants.delete(key);
  subscribeState.of(world).grants.set(key, grant);
  return grant;
}

/** The popup event the platform pushes after the user chose (one List per template). */
export function popupFields(
  world: World,
  account: SeedOfficialAccount,
  openid: string,
  choices: { templateId: string; status: string; scene: number }[],
): XmlFields {
  return subscribePopupFields(choices, {
    ToUserName: originalId(account.appId),
    FromUserName: openid,
    CreateTime: oaStamp(world),
  });
}

function pushSent(
  world: World,
  account: SeedOfficialAccount,
  openid: string,
  templateId: string,
  msgid: number,
) {
  const fields = subscribeSentFields(
    // "失败仅包含因异步推送导致的系统失败": the emulator's deliveries never fail that way.
    [{ templateId, msgId: String(msgid), errorCode: 0, errorStatus: 'success' }],
    { ToUserName: originalId(account.appId), FromUserName: openid, CreateTime: oaStamp(world) },
  );
  pushAfterAnswer(world, account.appId, fields);
}

/** `wxaapi/newtmpl/gettemplate` and `message/subscribe/bizsend` with the grant rules. */
export const oaSubscribe: Service = {
  name: 'oa-subscribe',
  platform: 'oa',
  register(app, ctx) {
    const oaJson = guarded(app, (c) => oaPost(ctx, c));
    const oa = guarded(app, (c) => ctx.token(c, 'oa'));
    const accountOf = (owner: string) => ctx.world().account(owner) as SeedOfficialAccount;

    oa.get('/wxaapi/newtmpl/gettemplate', async (c, token) => {
      const templates = accountOf(token.owner).subscribeTemplates ?? [];
      return ok(c, {
        data: templates.map((t) => ({
          priTmplId: t.priTmplId,
          title: t.title,
          content: t.content,
          example: t.example ?? '',
          type: t.type ?? 2,
        })),
      });
    });

    oaJson.post('/cgi-bin/message/subscribe/bizsend', async (c, post) => {
      const { token, body } = post;
      const world = ctx.world();
      const account = accountOf(token.owner);
      const template = subscribeTemplateOf(account, body['template_id']);
      if (!template)
        return fail(
          c,
          'oa',
          40037,
          'invalid template_id',
          `${asText(body['template_id'])} is not in ${account.appId}'s subscribeTemplates (seed officialAccounts[].subscribeTemplates)`,
          BARE,
        );
      const touser = body['touser'];
      if (typeof touser !== 'string' || !OPENID_PATTERN.test(touser))
        return fail(c, 'oa', 40003, 'invalid openid', `touser ${asText(touser)}`, BARE);
      const key = grantKey(account.appId, touser, template.priTmplId);
      const grant = subscribeState.of(world).grants.get(key);
      if (!grant && !knownOpenid(world, account, touser))
        return fail(c, 'oa', 40003, 'invalid openid', `${touser} is not an openid of ${account.appId}`, BARE);
      const link = linkProblem(c, account, body, 'page');
      if (link) return link;
      if (!isObject(body['data'])) return fail(c, 'oa', 47003, 'argument invalid! data invalid');
      for (const [k, field] of Object.entries(body['data'])) {
        const value = isObject(field) ? field['value'] : undefined;
        if (typeof value !== 'string' && typeof value !== 'number')
          return fail(c, 'oa', 47003, `argument invalid! data.${k}.value invalid`);
      }
      const problem = dataProblem(template.content, body['data']);
      // Captures of 47003 have no comma before rid ("argument invalid! data.time2.value is empty rid: …").
      if (problem)
        return fail(c, 'oa', 47003, `argument invalid! ${problem.text}`, problem.why, { bareRid: true });
      // The data is checked first: a refused body spends no acceptance.
      if (grant?.status !== 'accept' || grant.remaining <= 0)
        return fail(
          c,
          'oa',
          43101,
          'user refuse to accept the msg',
          !grant
            ? `${touser} never accepted ${template.priTmplId} (POST /_emulator/oa/subscribe-popup plays the popup)`
            : grant.status === 'reject'
              ? `${touser} rejected ${template.priTmplId}`
              : `${touser}'s one-time acceptance of ${template.priTmplId} is used up`,
          BARE,
        );
      if (grant.type !== 3) grant.remaining -= 1;
      const msgid = MSGID_BASE + subscribeState.of(world).count.next();
      subscribeState.of(world).sent.push({
        at: world.now(),
        appId: account.appId,
        openid: touser,
        templateId: template.priTmplId,
        msgid,
        body,
      });
      pushSent(world, account, touser, template.priTmplId, msgid);
      return ok(c, { msgid });
    });
  },
};
