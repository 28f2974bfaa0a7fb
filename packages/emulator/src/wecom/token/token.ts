import type { Service } from '../../context.js';
import { fail } from '../../envelope.js';
import { credentials } from '../../tokens.js';
import { randomToken } from '../../world.js';
import { CONTACT_SYNC_AGENT } from '../common.js';

const LIFETIME_MS = 7200_000;

/** GET /cgi-bin/gettoken: one token per app, the same one while it is valid. */
export const weComToken: Service = {
  name: 'wecom-token',
  platform: 'wecom',
  register(app, ctx) {
    app.get('/cgi-bin/gettoken', (c) => {
      const world = ctx.world();
      const corpId = c.req.query('corpid');
      const secret = c.req.query('corpsecret');
      if (!corpId) return fail(c, 'wecom', 41002, 'corpid missing');
      if (!secret) return fail(c, 'wecom', 41004, 'corpsecret missing');
      const corp = world.corp(corpId);
      if (!corp) return fail(c, 'wecom', 40013, 'invalid corpid');
      const target =
        corp.contactSyncSecret === secret
          ? { agentId: CONTACT_SYNC_AGENT }
          : corp.apps.find((a) => a.secret === secret);
      if (!target) {
        const fromOtherCorp = world.seed.wecom.some(
          (other) => other !== corp && other.apps.some((a) => a.secret === secret),
        );
        return fromOtherCorp
          ? fail(c, 'wecom', 40091, 'secret is invalid')
          : fail(c, 'wecom', 40001, 'invalid credential');
      }
      // 企业可信IP is not checked here: every public 60020 report comes from a business call made with a token
      // gettoken had just issued (message/send: easychen/wecomchan#62, JS-banana/notify-server#43; getuserinfo:
      // WecomTeam/CodeSameples#9), none from gettoken. Moderate confidence; weComCaller() checks the IP instead.
      const now = world.now();
      const current = credentials
        .of(world)
        .tokensOf('wecom', corpId, 'access_token', target.agentId)
        .find((t) => t.expiresAt > now && !t.revoked);
      if (current) {
        return c.json({
          errcode: 0,
          errmsg: 'ok',
          access_token: current.value,
          expires_in: Math.ceil((current.expiresAt - now) / 1000),
        });
      }
      const value = randomToken(64);
      credentials.of(world).addToken({
        value,
        platform: 'wecom',
        owner: corpId,
        agentId: target.agentId,
        kind: 'access_token',
        expiresAt: now + LIFETIME_MS,
      });
      return c.json({ errcode: 0, errmsg: 'ok', access_token: value, expires_in: LIFETIME_MS / 1000 });
    });
  },
};
