import { OPENID_PATTERN } from '@wxkit/core/rules';
import type { Service } from '../../context.js';
import { asText, jsonBody } from '../../envelope.js';
import { controlError } from '../../refusal.js';
import { pushToAccount } from '../../services/oa-callbacks.js';
import { popupFields, recordGrant, subscribeTemplateOf } from './bizsend.js';

/**
 * `POST /_emulator/oa/subscribe-popup { appId?, openid, templateId, status: 'accept'|'reject', scene? }`: the user's
 * choice in the page's `wx-open-subscribe` popup. Records the grant (bizsend then sends once for a one-time template,
 * until rejected for a long-term one) and pushes `subscribe_msg_popup_event` to the account's saved server.
 * Unsure: PopupScene for an OA web page — the doc's sample says 2, the MP doc says 0 means "in a mini program page";
 * the emulator answers 2 unless `scene` is given.
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
      const scene = body['scene'] === undefined ? 2 : Number(body['scene']);
      if (!Number.isInteger(scene) || scene < 0) return controlError(c, 'scene is a whole number');
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
