import { consumeCode } from '../../codes.js';
import { type GuardedHandler, guarded, type Service } from '../../context.js';
import { fail, journalNote, jsonBody, ok } from '../../envelope.js';
import { credentials } from '../../tokens.js';
import { randomToken } from '../../world.js';
import { type WeComCaller, weComCaller } from '../common.js';

const USER_TICKET_MS = 1800_000;

/** Code exchange (current and legacy) and the privateinfo detail. */
export const weComOAuth: Service = {
  name: 'wecom-oauth',
  platform: 'wecom',
  register(app, ctx) {
    const wecom = guarded(app, (c) => weComCaller(ctx, c));
    const exchange =
      (legacy: boolean): GuardedHandler<WeComCaller> =>
      (c, caller) => {
        const world = ctx.world();
        const checked = consumeCode(world, c.req.query('code'), 'wecom');
        if ('errcode' in checked) return fail(c, 'wecom', checked.errcode, checked.text, checked.reason);
        const { code } = checked;
        // WeCom: a code exchanged with a token of another corp is reported as an invalid code (the seed's 40029).
        if (code.owner !== caller.corp.corpId)
          return fail(c, 'wecom', 40029, 'invalid code', 'the code belongs to another corp');
        // The domain is checked here, against the token's app (doc 96442: "跳转的域名须完全匹配access_token对应应用的
        // 可信域名，否则会返回50001"), also for codes authorized without agentid. The real errmsg wording is
        // unverified; one SDK fixture has "redirect_uri unauthorized".
        const domains = [...caller.app.trustedDomains, ...caller.app.webLoginDomains];
        if (!domains.includes(code.redirectHost)) {
          return fail(
            c,
            'wecom',
            50001,
            'redirect_uri unauthorized',
            `redirect host ${code.redirectHost} is not a trusted domain of app ${caller.app.agentId}`,
          );
        }
        if (!code.member)
          return ok(
            c,
            legacy ? { OpenId: code.subject, DeviceId: 'emulator-device' } : { openid: code.subject },
          );
        const member = world.member(code.owner, code.subject);
        const data: Record<string, unknown> = legacy
          ? { UserId: member?.userid ?? code.subject, DeviceId: 'emulator-device' }
          : { userid: member?.userid ?? code.subject };
        // The legacy user/getuserinfo gives no user_ticket (community reports; older docs had one with expires_in
        // 7200 — the stricter reading, old L10): privateinfo needs auth/getuserinfo.
        if (legacy && code.scope === 'snsapi_privateinfo')
          journalNote(
            c,
            'legacy user/getuserinfo: no user_ticket (use auth/getuserinfo for snsapi_privateinfo)',
          );
        if (
          !legacy &&
          code.scope === 'snsapi_privateinfo' &&
          member &&
          world.visible(caller.corp, caller.app, member)
        ) {
          const ticket = randomToken(48);
          credentials.of(world).userTickets.set(ticket, {
            userid: member.userid,
            corpId: code.owner,
            agentId: caller.app.agentId,
            expiresAt: world.now() + USER_TICKET_MS,
          });
          data['user_ticket'] = ticket;
        }
        return ok(c, data);
      };
    wecom.get('/cgi-bin/auth/getuserinfo', exchange(false));
    wecom.get('/cgi-bin/user/getuserinfo', exchange(true));

    wecom.post('/cgi-bin/auth/getuserdetail', async (c, caller) => {
      const world = ctx.world();
      const body = await jsonBody(c);
      const value = body?.['user_ticket'];
      if (typeof value !== 'string' || value === '')
        return fail(
          c,
          'wecom',
          40058,
          'invalid Request Parameter',
          'user_ticket missing: pass {"user_ticket": "..."} as JSON',
        );
      const ticket = credentials.of(world).userTickets.get(value);
      if (!ticket || ticket.corpId !== caller.corp.corpId)
        return fail(c, 'wecom', 40129, 'invalid user_ticket');
      if (ticket.expiresAt <= world.now()) return fail(c, 'wecom', 40129, 'user_ticket expired');
      const member = world.member(ticket.corpId, ticket.userid);
      if (!member || !world.visible(caller.corp, caller.app, member))
        return fail(c, 'wecom', 60011, 'no privilege to access/modify contact/party/agent ');
      return ok(c, {
        userid: member.userid,
        gender: String(member.gender ?? 0),
        avatar: `${ctx.origin(c)}/_emulator/avatar/${encodeURIComponent(member.userid)}.svg`,
        qr_code: `${ctx.origin(c)}/_emulator/qr?text=${encodeURIComponent(member.userid)}`,
        mobile: member.mobile ?? '',
        email: member.email ?? '',
        biz_mail: `${member.userid}@emulator.wecom.work`,
        address: '',
      });
    });
  },
};
