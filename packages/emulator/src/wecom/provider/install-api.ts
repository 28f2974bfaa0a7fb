import type { Context } from 'hono';
import type { Service } from '../../context.js';
import { fail, jsonBody, ok } from '../../envelope.js';
import { randomToken, type World } from '../../world.js';
import { exchangeAuthCode } from './authorise.js';
import type { SeedProvider, SeedSuite } from './seed.js';
import { findSuite, type Install, openUserId, PROVIDER_LIFETIMES, providerState } from './state.js';
import { corpToken, installByCode, providerCaller, suiteCaller } from './tokens.js';

const text = (body: Record<string, unknown> | undefined, name: string) =>
  typeof body?.[name] === 'string' && body[name] !== '' ? (body[name] as string) : undefined;

/** auth_corp_info: the v1 body's fields the emulator knows (doc 90603); v2 gives corpid and corp_name only. */
function corpInfo(world: World, corpId: string, full: boolean) {
  const corp = world.corp(corpId);
  const base = { corpid: corpId, corp_name: corp?.name ?? corpId };
  if (!full) return base;
  return {
    ...base,
    corp_type: 'verified',
    corp_square_logo_url: '',
    corp_user_max: 200,
    corp_full_name: corp?.name ?? corpId,
    subject_type: 1,
    corp_scale: '1-50人',
    corp_industry: 'IT服务',
    corp_sub_industry: '计算机软件/硬件/信息服务',
  };
}

/** auth_info.agent: one agent per suite install (new single-app suites always list one, doc 91911). */
function agentInfo(world: World, suite: SeedSuite, install: Install) {
  const app = world.app(install.corpId, install.agentId);
  return {
    agent: [
      {
        agentid: install.agentId,
        name: suite.name,
        round_logo_url: '',
        square_logo_url: '',
        auth_mode: 0,
        is_customized_app: suite.kind === 'customized',
        auth_from_thirdapp: false,
        privilege: {
          level: 1,
          allow_party: app?.visibleTo.departments ?? [],
          allow_user: app?.visibleTo.users ?? [],
          allow_tag: [],
          extra_party: [],
          extra_user: [],
          extra_tag: [],
        },
      },
    ],
  };
}

function authUser(provider: SeedProvider, world: World, install: Install) {
  const member = world.member(install.corpId, install.authUserid);
  return {
    userid: install.authUserid,
    open_userid: openUserId(provider.corpId, install.corpId, install.authUserid),
    name: member?.name ?? install.authUserid,
    avatar: '',
  };
}

/**
 * get_pre_auth_code, set_session_info, get_permanent_code (v1 doc 90603, v2 doc 100776), get_auth_info (v1 doc
 * 90604, v2 doc 100795) and the 代开发 link (get_customized_auth_url, doc 98744).
 */
export const providerInstallApi: Service = {
  name: 'wecom-provider-install',
  platform: 'wecom',
  register(app, ctx) {
    // 获取预授权码 (doc 90601): GET, expires_in 1200.
    app.get('/cgi-bin/service/get_pre_auth_code', (c) => {
      const world = ctx.world();
      const caller = suiteCaller(world, c);
      if (caller instanceof Response) return caller;
      const value = randomToken(48);
      providerState.of(world).preAuthCodes.set(value, {
        suiteId: caller.suite.suiteId,
        expiresAt: world.now() + PROVIDER_LIFETIMES.preAuthCodeMs,
      });
      return ok(c, { pre_auth_code: value, expires_in: PROVIDER_LIFETIMES.preAuthCodeMs / 1000 });
    });

    // 设置授权配置 (doc 90602): {pre_auth_code, session_info: {appid?, auth_type 0|1}}.
    app.post('/cgi-bin/service/set_session_info', async (c) => {
      const world = ctx.world();
      const caller = suiteCaller(world, c);
      if (caller instanceof Response) return caller;
      const body = await jsonBody(c);
      if (!body) return fail(c, 'wecom', 47001, 'data format error');
      const code = text(body, 'pre_auth_code');
      const record = code ? providerState.of(world).preAuthCodes.get(code) : undefined;
      if (!record || record.suiteId !== caller.suite.suiteId || record.expiresAt <= world.now())
        return fail(
          c,
          'wecom',
          40077,
          'invalid pre_auth_code',
          'unknown, expired (20 minutes) or of another suite',
        );
      const session = (body['session_info'] ?? {}) as Record<string, unknown>;
      const authType = session['auth_type'] ?? 0;
      if (authType !== 0 && authType !== 1)
        return fail(
          c,
          'wecom',
          40058,
          'invalid Request Parameter',
          'session_info.auth_type is 0 (live) or 1 (test)',
        );
      // Single-app suites: the app id list, when given, may only name the suite's one app (id 1).
      const appIds = session['appid'];
      if (appIds !== undefined && (!Array.isArray(appIds) || appIds.some((id) => id !== 1)))
        return fail(
          c,
          'wecom',
          40086,
          'invalid third-app appid',
          'a single-app suite has one app: appid [1] or none',
        );
      record.authType = authType;
      return ok(c);
    });

    const permanentCode = (v2: boolean) => async (c: Context) => {
      const world = ctx.world();
      const caller = suiteCaller(world, c);
      if (caller instanceof Response) return caller;
      const body = await jsonBody(c);
      const authCode = text(body, 'auth_code');
      if (!authCode) return fail(c, 'wecom', 41009, 'missing auth_code');
      const granted = exchangeAuthCode(world, caller.suite.suiteId, authCode);
      if (!granted)
        return fail(
          c,
          'wecom',
          40078,
          'invalid auth_code',
          'unknown, already exchanged (single use), older than 10 minutes, or of another suite',
        );
      const { install, permanentCode: code } = granted;
      const common = {
        permanent_code: code,
        auth_corp_info: corpInfo(world, install.corpId, !v2),
        auth_user_info: authUser(caller.provider, world, install),
        ...(install.state ? { state: install.state } : {}),
      };
      if (v2) return ok(c, common);
      // v1 also answers the corp's access token, except for 代开发 (community: no access_token there; its token
      // comes from gettoken with the permanent code).
      return ok(c, {
        ...(caller.suite.kind === 'third-party' ? corpToken(world, install) : {}),
        ...common,
        auth_info: agentInfo(world, caller.suite, install),
      });
    };
    app.post('/cgi-bin/service/get_permanent_code', permanentCode(false));
    app.post('/cgi-bin/service/v2/get_permanent_code', permanentCode(true));

    const authInfo = async (c: Context) => {
      const world = ctx.world();
      const caller = suiteCaller(world, c);
      if (caller instanceof Response) return caller;
      const body = await jsonBody(c);
      const corpId = text(body, 'auth_corpid');
      const code = text(body, 'permanent_code');
      if (!corpId) return fail(c, 'wecom', 41002, 'auth_corpid missing');
      if (!code) return fail(c, 'wecom', 41025, 'permanent_code missing');
      const install = installByCode(world, c, caller.suite.suiteId, corpId, code);
      if (install instanceof Response) return install;
      return ok(c, {
        auth_corp_info: corpInfo(world, corpId, true),
        auth_info: agentInfo(world, caller.suite, install),
      });
    };
    app.post('/cgi-bin/service/get_auth_info', authInfo);
    app.post('/cgi-bin/service/v2/get_auth_info', authInfo);

    // 获取带参授权链接 (doc 98744): provider token, {state ≤ 32, templateid_list ≤ 9} → qrcode_url (10 days).
    app.post('/cgi-bin/service/get_customized_auth_url', async (c) => {
      const world = ctx.world();
      const provider = providerCaller(world, c);
      if (provider instanceof Response) return provider;
      const body = await jsonBody(c);
      const state = typeof body?.['state'] === 'string' ? body['state'] : '';
      const ids = body?.['templateid_list'];
      if (!/^[A-Za-z0-9]{0,32}$/.test(state))
        return fail(c, 'wecom', 40058, 'invalid Request Parameter', 'state is at most 32 letters or digits');
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > 9)
        return fail(
          c,
          'wecom',
          40058,
          'invalid Request Parameter',
          'templateid_list lists 1 to 9 template ids',
        );
      for (const id of ids) {
        const found = findSuite(world, String(id));
        if (!found || found.provider !== provider || found.suite.kind !== 'customized')
          return fail(
            c,
            'wecom',
            40058,
            'invalid Request Parameter',
            `${String(id)} is not a 代开发 template of ${provider.corpId}`,
          );
      }
      const token = randomToken(32);
      providerState.of(world).customizedLinks.set(token, {
        templateIds: ids.map(String),
        state,
        expiresAt: world.now() + PROVIDER_LIFETIMES.customizedLinkMs,
      });
      return ok(c, {
        qrcode_url: `${ctx.origin(c)}/3rdapp/customized?token=${token}`,
        expires_in: PROVIDER_LIFETIMES.customizedLinkMs / 1000,
      });
    });
  },
};
