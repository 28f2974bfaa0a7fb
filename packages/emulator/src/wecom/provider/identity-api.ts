import type { Service } from '../../context.js';
import { fail, jsonBody, ok } from '../../envelope.js';
import { randomToken } from '../../world.js';
import { weComCaller } from '../common.js';
import {
  findSuite,
  installOf,
  installsOf,
  openCorpId,
  openUserId,
  PROVIDER_LIFETIMES,
  providerState,
} from './state.js';
import { providerCaller, suiteCaller } from './tokens.js';

/** getuserinfo3rd (doc 91121), getuserdetail3rd (doc 91122), corpid_to_opencorpid (97105), userid_to_openuserid (97062). */
export const providerIdentityApi: Service = {
  name: 'wecom-provider-identity',
  platform: 'wecom',
  register(app, ctx) {
    app.get('/cgi-bin/service/auth/getuserinfo3rd', (c) => {
      const world = ctx.world();
      const caller = suiteCaller(world, c);
      if (caller instanceof Response) return caller;
      const value = c.req.query('code');
      if (!value) return fail(c, 'wecom', 41008, 'missing code');
      const code = providerState.of(world).oauthCodes.get(value);
      // A code of another suite, a spent one and an expired one answer alike (40029), as on the corp's own OAuth.
      if (!code || code.suiteId !== caller.suite.suiteId)
        return fail(c, 'wecom', 40029, 'invalid code', 'not a code of this suite\u2019s authorize page');
      if (code.used)
        return fail(c, 'wecom', 40029, 'invalid code', 'the code was already exchanged (codes work once)');
      if (code.issuedAt + PROVIDER_LIFETIMES.oauthCodeMs <= world.now())
        return fail(c, 'wecom', 40029, 'invalid code', 'the code expired (5 minutes)');
      code.used = true;
      const install = installOf(world, code.suiteId, code.corpId);
      const member = world.member(code.corpId, code.userid);
      // The corp cancelled the app since the login: the member is no longer one of the app's (non-members get an
      // openid only, doc 91121), so nothing names the corp or the user.
      if (!install || !member)
        return ok(c, { openid: openUserId(caller.provider.corpId, code.corpId, `gone:${code.userid}`) });
      const app = world.app(code.corpId, install.agentId);
      const corp = world.corp(code.corpId);
      const data: Record<string, unknown> = {
        corpid: code.corpId,
        userid: member.userid,
        open_userid: openUserId(caller.provider.corpId, code.corpId, member.userid),
      };
      if (code.scope === 'snsapi_privateinfo' && app && corp && world.visible(corp, app, member)) {
        const ticket = randomToken(48);
        providerState.of(world).userTickets.set(ticket, {
          suiteId: code.suiteId,
          corpId: code.corpId,
          userid: member.userid,
          expiresAt: world.now() + PROVIDER_LIFETIMES.userTicketMs,
        });
        data['user_ticket'] = ticket;
        data['expires_in'] = PROVIDER_LIFETIMES.userTicketMs / 1000;
      }
      return ok(c, data);
    });

    app.post('/cgi-bin/service/auth/getuserdetail3rd', async (c) => {
      const world = ctx.world();
      const caller = suiteCaller(world, c);
      if (caller instanceof Response) return caller;
      const body = await jsonBody(c);
      const value = typeof body?.['user_ticket'] === 'string' ? body['user_ticket'] : '';
      const ticket = providerState.of(world).userTickets.get(value);
      if (!ticket || ticket.suiteId !== caller.suite.suiteId || ticket.expiresAt <= world.now())
        return fail(c, 'wecom', 40129, 'invalid user_ticket');
      const member = world.member(ticket.corpId, ticket.userid);
      if (!member || !installOf(world, ticket.suiteId, ticket.corpId))
        return fail(c, 'wecom', 60011, 'no privilege to access/modify contact/party/agent ');
      return ok(c, {
        corpid: ticket.corpId,
        userid: member.userid,
        // Since 2020 the name field carries the userid, not the real name (doc 91122).
        name: member.userid,
        gender: String(member.gender ?? 0),
        avatar: `${ctx.origin(c)}/_emulator/avatar/${encodeURIComponent(member.userid)}.svg`,
        qr_code: `${ctx.origin(c)}/_emulator/qr?text=${encodeURIComponent(member.userid)}`,
        open_userid: openUserId(caller.provider.corpId, ticket.corpId, member.userid),
      });
    });

    app.post('/cgi-bin/service/corpid_to_opencorpid', async (c) => {
      const world = ctx.world();
      const provider = providerCaller(world, c);
      if (provider instanceof Response) return provider;
      const body = await jsonBody(c);
      const corpId = typeof body?.['corpid'] === 'string' ? body['corpid'] : '';
      if (!world.corp(corpId)) return fail(c, 'wecom', 40013, 'invalid corpid');
      return ok(c, { open_corpid: openCorpId(provider.corpId, corpId) });
    });

    // With a corp token of an installed suite: the provider's open_userid of up to 1000 userids (doc 97062).
    app.post('/cgi-bin/batch/userid_to_openuserid', async (c) => {
      const world = ctx.world();
      const caller = weComCaller(ctx, c);
      if (caller instanceof Response) return caller;
      const install = installsOf(world).find(
        (i) => i.corpId === caller.corp.corpId && i.agentId === caller.app.agentId,
      );
      const provider = install && findSuite(world, install.suiteId)?.provider;
      if (!provider)
        return fail(
          c,
          'wecom',
          48002,
          'api forbidden',
          'a call of a provider app: use the corp token of an installed suite',
        );
      const body = await jsonBody(c);
      const list = body?.['userid_list'];
      if (!Array.isArray(list) || list.length === 0 || list.length > 1000)
        return fail(c, 'wecom', 40058, 'invalid Request Parameter', 'userid_list lists 1 to 1000 userids');
      const known = list.map(String).filter((u) => world.member(caller.corp.corpId, u));
      return ok(c, {
        open_userid_list: known.map((userid) => ({
          userid,
          open_userid: openUserId(provider.corpId, caller.corp.corpId, userid),
        })),
        invalid_userid_list: list.map(String).filter((u) => !known.includes(u)),
      });
    });
  },
};
