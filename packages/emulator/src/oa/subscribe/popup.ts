import { OPENID_PATTERN } from '@wxkit/core/rules';
import type { Service } from '../../context.js';
import { asText, jsonBody } from '../../envelope.js';
import { controlError } from '../../refusal.js';
import { pushToAccount } from '../callbacks/send.js';
import { popupFields, recordGrant, subscribeTemplateOf } from './bizsend.js';

/**
 * `POST /_emulator/oa/subscribe-popup { appId?, openid, templateId, status: 'accept'|'reject', scene? }`: the user's
 * choice in the page's `wx-open-subscribe` popup. Records the grant (bizsend then sends once for a one-time template,
 * until rejected for a long-term one) and pushes `subscribe_msg_popup_event` to the account's saved server.
 * PopupScene on the OA: 1 = an H5 page (wx-open-subscribe), 2 = an article (OA guide 订阅通知 → 事件推送); 0 is
 * the mini program's value. The emulator answers 1 unless `scene` is given.
 */
export const oaSubscribePopup: Service = {
  name: 'oa-subscribe-popup',
  register(app, ctx) {
    app.post('/_emulator/oa/subscribe-popup', async (c) => {
      const body = (await jsonBody(c)) ?? {};
      const world = ctx.world();
      const appId = typeof body['appId'] === 'string' ? body['appId'] : world.seed.officialAccounts[0]?.appId;
      const account = appId ? world.account(appId) : undefined;
      if (!account) return controlError(c, `no Official Account ${String(appId)} in the seed`);
      const openid = body['openid'];
      if (typeof openid !== 'string' || !OPENID_PATTERN.test(openid))
        return controlError(c, 'pass {"openid": "…"}: 1-64 letters, digits, - or _');
      const template = subscribeTemplateOf(account, body['templateId']);
      if (!template)
        return controlError(
          c,
          `templateId ${asText(body['templateId'])} is not one of ${account.appId}'s subscribeTemplates: ${(account.subscribeTemplates ?? []).map((t) => t.priTmplId).join(', ') || '(none in the seed)'}`,
        );
      const status = body['status'];
      if (status !== 'accept' && status !== 'reject') return controlError(c, 'status is accept or reject');
      // OA PopupScene: 1 a web page's wx-open-subscribe (the default), 2 an article (图文消息); 0 is the mini
      // program's (doc/service/guide/product/subscription_messages, audit-3 N-L8).
      const scene = body['scene'] === undefined ? 1 : Number(body['scene']);
      if (scene !== 1 && scene !== 2)
        return controlError(
          c,
          'scene is 1 (a web page, wx-open-subscribe) or 2 (an article); 0 is a mini program’s',
        );
      const grant = recordGrant(world, account, openid, template, status);
      const delivery = await pushToAccount(
        world,
        account.appId,
        popupFields(world, account, openid, [{ templateId: template.priTmplId, status, scene }]),
      );
      return c.json({
        pushed: 'subscribe_msg_popup_event',
        grant,
        ...(delivery
          ? {
              status: delivery.status,
              ...('error' in delivery && delivery.error ? { error: delivery.error } : {}),
            }
          : {
              error:
                'no server URL saved (POST /_emulator/oa/callback): the grant is recorded, nothing was pushed',
            }),
      });
    });
  },
};
