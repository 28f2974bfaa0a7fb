import { checkMenu } from '@wxkit/core/rules';
import { guarded, type Service } from '../../context.js';
import { asText, fail, jsonBody, ok } from '../../envelope.js';
import { menuState } from '../../menus.js';
import { overLimit } from '../../traffic.js';
import { NOT_JSON, ownApp, ownAppBody } from '../common.js';

const WORKBENCH_TYPES = ['normal', 'image', 'list', 'keydata', 'webview'];

/** The app's menu, its settings (agent/get|set) and its workbench template. */
export const weComAdmin: Service = {
  name: 'wecom-admin',
  platform: 'wecom',
  register(app, ctx) {
    const own = guarded(app, (c) => ownApp(ctx, c));
    const ownBody = guarded(app, (c) => ownAppBody(ctx, c));
    own.post('/cgi-bin/menu/create', async (c, caller) => {
      const body = await jsonBody(c);
      if (!body) return fail(c, 'wecom', 47001, 'data format error', NOT_JSON);
      const problem = checkMenu(body, 'wecom')[0];
      if (problem) return fail(c, 'wecom', problem.errcode, `${problem.field}: ${problem.message}`);
      menuState
        .of(ctx.world())
        .menus.set(`wecom:${caller.corp.corpId}:${caller.app.agentId}`, { button: body['button'] });
      return ok(c);
    });
    own.get('/cgi-bin/menu/get', async (c, caller) => {
      const menu = menuState.of(ctx.world()).menus.get(`wecom:${caller.corp.corpId}:${caller.app.agentId}`) as
        | { button: unknown[] }
        | undefined;
      if (!menu) return fail(c, 'wecom', 46003, 'menu no exist');
      return ok(c, { button: menu.button });
    });
    own.get('/cgi-bin/menu/delete', async (c, caller) => {
      menuState.of(ctx.world()).menus.delete(`wecom:${caller.corp.corpId}:${caller.app.agentId}`);
      return ok(c);
    });

    own.get('/cgi-bin/agent/get', async (c, caller) => {
      const a = caller.app;
      const users = ctx
        .world()
        .visibleMembers(caller.corp.corpId, a.agentId)
        .map((m) => ({ userid: m.userid }));
      return ok(c, {
        agentid: a.agentId,
        name: a.name,
        square_logo_url: `${ctx.origin(c)}/_emulator/avatar/${a.agentId}.svg`,
        description: '',
        allow_userinfos: { user: a.visibleTo.users ? users : [] },
        allow_partys: { partyid: a.visibleTo.departments ?? [] },
        allow_tags: { tagid: [] },
        close: 0,
        redirect_domain: a.trustedDomains[0] ?? '',
        report_location_flag: 0,
        isreportenter: 0,
        home_url: a.homeUrl ?? '',
      });
    });
    ownBody.post('/cgi-bin/agent/set', async (c, { caller, body }) => {
      if (!body) return fail(c, 'wecom', 47001, 'data format error', NOT_JSON);
      const a = caller.app;
      if (typeof body['home_url'] === 'string') {
        if (!/^https?:\/\//.test(body['home_url']))
          return fail(
            c,
            'wecom',
            40058,
            'invalid Request Parameter',
            'home_url must start with http:// or https://',
          );
        a.homeUrl = body['home_url'];
      }
      if (typeof body['name'] === 'string') a.name = body['name'];
      if (typeof body['redirect_domain'] === 'string') {
        const domain = body['redirect_domain'];
        if (!/^[A-Za-z0-9.-]+(:\d+)?$/.test(domain))
          return fail(c, 'wecom', 40058, 'invalid Request Parameter', 'redirect_domain is host[:port]');
        a.trustedDomains = [domain, ...a.trustedDomains.filter((d) => d !== domain)];
      }
      return ok(c);
    });

    ownBody.post('/cgi-bin/agent/set_workbench_template', async (c, { caller, body }) => {
      if (!body) return fail(c, 'wecom', 47001, 'data format error', NOT_JSON);
      const type = body['type'];
      if (typeof type !== 'string' || !WORKBENCH_TYPES.includes(type))
        return fail(
          c,
          'wecom',
          40058,
          'invalid Request Parameter',
          `type must be one of ${WORKBENCH_TYPES.join(', ')}`,
        );
      if (type !== 'normal' && typeof body[type] !== 'object')
        return fail(c, 'wecom', 40058, 'invalid Request Parameter', `type ${type} needs the ${type} object`);
      const { agentid: _a, ...template } = body;
      menuState.of(ctx.world()).workbench.set(`${caller.corp.corpId}:${caller.app.agentId}`, template);
      return ok(c);
    });
    ownBody.post('/cgi-bin/agent/get_workbench_template', async (c, { caller }) => {
      return ok(
        c,
        menuState.of(ctx.world()).workbench.get(`${caller.corp.corpId}:${caller.app.agentId}`) ?? {
          type: 'normal',
          replace_user_data: false,
        },
      );
    });
    app.get('/cgi-bin/agent/get_workbench_template', (c) =>
      fail(c, 'wecom', 43002, 'require POST method', 'get_workbench_template is a POST API'),
    );
    ownBody.post('/cgi-bin/agent/set_workbench_data', async (c, { caller, body }) => {
      if (!body) return fail(c, 'wecom', 47001, 'data format error', NOT_JSON);
      const member = ctx.world().member(caller.corp.corpId, asText(body['userid'], ''));
      if (!member || !ctx.world().visible(caller.corp, caller.app, member))
        return fail(c, 'wecom', 60011, 'no privilege to access/modify contact/party/agent ');
      if (overLimit(ctx.world(), `workbench-data:${caller.app.agentId}:${member.userid}`, 10, 60_000))
        return fail(
          c,
          'wecom',
          45009,
          'api freq out of limit',
          'set_workbench_data: 10 calls/minute per user',
        );
      menuState
        .of(ctx.world())
        .workbench.set(`${caller.corp.corpId}:${caller.app.agentId}:${member.userid}`, body);
      return ok(c);
    });
  },
};
