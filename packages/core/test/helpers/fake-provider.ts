import { createFakePlatform, type FakePlatform } from './fake-platform.js';

/**
 * A small stand-in for WeCom's service-provider APIs: one provider, suites with their last two pushed tickets,
 * corps that installed a suite (third-party or 代开发) with a permanent code each, and the corp APIs a provider app
 * uses. Tokens count up so each fetch is distinguishable; `corpTokenFetches` counts per corp.
 */
export interface FakeProvider extends FakePlatform {
  readonly providerCorpId: string;
  readonly providerSecret: string;
  /** Pushes a new ticket of a suite (the platform keeps accepting the previous one too) and returns it. */
  pushTicket(suiteId: string): string;
  /** An install: returns the auth_code the redirect or create_auth would carry. */
  authorise(suiteId: string, corpId: string, options?: { customized?: boolean; agentId?: number }): string;
  /** The corp's current permanent code (for assertions that it never leaks). */
  permanentCodeOf(suiteId: string, corpId: string): string | undefined;
  resetPermanentCode(suiteId: string, corpId: string): string;
  corpTokenFetches: Map<string, number>;
  /** Which token fetched each JS-SDK ticket: 'corp:<corpId>' or 'other'. */
  ticketTokens: string[];
}

export const SUITE_SECRET = 'suite-secret-1';
export const SEAL_SECRET = 'a-seal-secret-of-at-least-32-characters!';

export function fakeProvider(suites: string[] = ['wwsuite1']): FakeProvider {
  const providerCorpId = 'wwprovider0001';
  const providerSecret = 'provider-secret-1';
  let n = 0;
  const tickets = new Map<string, string[]>(suites.map((s) => [s, []]));
  const suiteTokens = new Map<string, string>(); // token → suiteId
  const corpTokens = new Map<string, string>(); // token → corpId
  const grants = new Map<string, { code: string; agentId: number; customized: boolean }>(); // suite|corp
  const authCodes = new Map<string, { suiteId: string; corpId: string }>();
  const corpTokenFetches = new Map<string, number>();
  const ticketTokens: string[] = [];
  const grantKey = (suiteId: string, corpId: string) => `${suiteId}|${corpId}`;
  const error = (errcode: number, errmsg: string) => ({ errcode, errmsg });
  const issueCorpToken = (corpId: string) => {
    corpTokenFetches.set(corpId, (corpTokenFetches.get(corpId) ?? 0) + 1);
    const token = `CORP_${corpId}_${++n}`;
    corpTokens.set(token, corpId);
    return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 };
  };
  const suiteOf = (url: URL) => suiteTokens.get(url.searchParams.get('suite_access_token') ?? '');
  const corpOf = (url: URL) => corpTokens.get(url.searchParams.get('access_token') ?? '');
  const withSuite =
    (handler: (suiteId: string, url: URL, body: Record<string, unknown>) => Record<string, unknown>) =>
    (url: URL, body: unknown) => {
      const suiteId = suiteOf(url);
      return suiteId
        ? handler(suiteId, url, (body ?? {}) as Record<string, unknown>)
        : error(40082, 'invalid suite_access_token or provider_access_token');
    };
  const withCorp =
    (handler: (corpId: string, url: URL, body: Record<string, unknown>) => Record<string, unknown>) =>
    (url: URL, body: unknown) => {
      const corpId = corpOf(url);
      return corpId
        ? handler(corpId, url, (body ?? {}) as Record<string, unknown>)
        : error(40014, 'invalid access_token');
    };
  const authInfo = (suiteId: string, corpId: string) => {
    const grant = grants.get(grantKey(suiteId, corpId));
    return {
      auth_corp_info: { corpid: corpId, corp_name: `Corp ${corpId}` },
      auth_info: {
        agent: [
          { agentid: grant?.agentId ?? 1000001, is_customized_app: grant?.customized ?? false, auth_mode: 0 },
        ],
      },
    };
  };
  const permanentCode = (
    suiteId: string,
    body: Record<string, unknown>,
    rest: (corpId: string) => Record<string, unknown>,
  ) => {
    const grant = authCodes.get(String(body.auth_code));
    if (!grant || grant.suiteId !== suiteId) return error(40078, 'invalid auth_code');
    authCodes.delete(String(body.auth_code));
    const code = grants.get(grantKey(suiteId, grant.corpId))?.code;
    return { errcode: 0, errmsg: 'ok', permanent_code: code, ...rest(grant.corpId) };
  };

  const platform = createFakePlatform({
    '/cgi-bin/service/get_provider_token': (_url, body) => {
      const b = body as Record<string, unknown>;
      return b?.corpid === providerCorpId && b.provider_secret === providerSecret
        ? { provider_access_token: `PROVIDER${++n}`, expires_in: 7200 }
        : error(40001, 'invalid provider_secret');
    },
    '/cgi-bin/service/get_suite_token': (_url, body) => {
      const b = (body ?? {}) as Record<string, unknown>;
      const live = tickets.get(String(b.suite_id));
      if (!live) return error(40083, 'invalid suite_id');
      if (b.suite_secret !== SUITE_SECRET) return error(40080, 'invalid suite_secret');
      if (!live.includes(String(b.suite_ticket))) return error(40085, 'invalid suite ticket');
      const token = `SUITE_${b.suite_id}_${++n}`;
      suiteTokens.set(token, String(b.suite_id));
      // "因历史原因…调用失败时才返回errcode": success has no errcode.
      return { suite_access_token: token, expires_in: 7200 };
    },
    '/cgi-bin/service/get_corp_token': withSuite((suiteId, _url, body) => {
      const grant = grants.get(grantKey(suiteId, String(body.auth_corpid)));
      if (!grant) return error(40082, 'invalid suite_acccess_token or provider_access_token');
      if (grant.code !== body.permanent_code) return error(40084, 'invalid permanent code');
      return issueCorpToken(String(body.auth_corpid));
    }),
    '/cgi-bin/gettoken': (url) => {
      const corpId = url.searchParams.get('corpid') ?? '';
      const grant = [...grants.entries()].find(([k, g]) => k.endsWith(`|${corpId}`) && g.customized)?.[1];
      return grant && grant.code === url.searchParams.get('corpsecret')
        ? issueCorpToken(corpId)
        : error(40001, 'invalid secret');
    },
    '/cgi-bin/service/get_pre_auth_code': withSuite(() => ({
      errcode: 0,
      errmsg: 'ok',
      pre_auth_code: `PRE${++n}`,
      expires_in: 1200,
    })),
    '/cgi-bin/service/set_session_info': withSuite((_s, _u, body) =>
      String(body.pre_auth_code).startsWith('PRE')
        ? { errcode: 0, errmsg: 'ok' }
        : error(40077, 'invalid pre_auth_code'),
    ),
    // v2 (doc 100776) answers without auth_info and the corp token; v1 (doc 90603) with both.
    '/cgi-bin/service/v2/get_permanent_code': withSuite((suiteId, _u, body) =>
      permanentCode(suiteId, body, (corpId) => ({
        auth_corp_info: { corpid: corpId, corp_name: `Corp ${corpId}` },
        auth_user_info: { userid: 'admin', open_userid: 'oADMIN' },
      })),
    ),
    '/cgi-bin/service/get_permanent_code': withSuite((suiteId, _u, body) =>
      permanentCode(suiteId, body, (corpId) => ({
        access_token: 'IGNORED',
        expires_in: 7200,
        ...authInfo(suiteId, corpId),
      })),
    ),
    '/cgi-bin/service/get_auth_info': withSuite((suiteId, _u, body) => {
      const grant = grants.get(grantKey(suiteId, String(body.auth_corpid)));
      if (!grant) return error(40079, 'auth info not found');
      return grant.code === body.permanent_code
        ? { errcode: 0, errmsg: 'ok', ...authInfo(suiteId, String(body.auth_corpid)) }
        : error(40084, 'invalid permanent code');
    }),
    '/cgi-bin/service/auth/getuserinfo3rd': withSuite((_s, url) =>
      url.searchParams.get('code')?.startsWith('good-')
        ? {
            errcode: 0,
            errmsg: 'ok',
            corpid: url.searchParams.get('code')?.slice(5),
            userid: 'lisi',
            open_userid: 'oLISI',
            user_ticket: 'UT',
          }
        : error(40029, 'invalid code'),
    ),
    '/cgi-bin/service/auth/getuserdetail3rd': withSuite((_s, _u, body) =>
      body.user_ticket === 'UT'
        ? { errcode: 0, errmsg: 'ok', corpid: 'wwcorpA', userid: 'lisi', name: 'lisi', gender: '1' }
        : error(40058, 'invalid user_ticket'),
    ),
    // A 代开发 app's member login: the corp's own OAuth; the fake's code `dk-<corpId>` belongs to that corp.
    '/cgi-bin/auth/getuserinfo': withCorp((corpId, url) =>
      url.searchParams.get('code') === `dk-${corpId}`
        ? { errcode: 0, errmsg: 'ok', userid: 'wangwu', user_ticket: 'UT' }
        : error(40029, 'invalid code'),
    ),
    '/cgi-bin/get_jsapi_ticket': withCorp((corpId) => {
      ticketTokens.push(`corp:${corpId}`);
      return { errcode: 0, errmsg: 'ok', ticket: `JSAPI_${corpId}_${++n}`, expires_in: 7200 };
    }),
    '/cgi-bin/ticket/get': withCorp((corpId, url) => {
      ticketTokens.push(`corp:${corpId}`);
      return url.searchParams.get('type') === 'agent_config'
        ? { errcode: 0, errmsg: 'ok', ticket: `AGENT_${corpId}_${++n}`, expires_in: 7200 }
        : error(40058, 'bad type');
    }),
    '/cgi-bin/user/get': withCorp((corpId, url) => ({
      errcode: 0,
      errmsg: 'ok',
      userid: url.searchParams.get('userid'),
      name: `member of ${corpId}`,
      department: [1],
    })),
    '/cgi-bin/message/send': withCorp(() => ({ errcode: 0, errmsg: 'ok', invaliduser: '', msgid: 'M1' })),
    '/cgi-bin/batch/userid_to_openuserid': withCorp((_c, _u, body) => ({
      errcode: 0,
      errmsg: 'ok',
      open_userid_list: (body.userid_list as string[])
        .filter((u) => u !== 'ghost')
        .map((u) => ({ userid: u, open_userid: `o_${u}` })),
      invalid_userid_list: (body.userid_list as string[]).filter((u) => u === 'ghost'),
    })),
    '/cgi-bin/service/get_customized_auth_url': (url, body) =>
      url.searchParams.get('provider_access_token')?.startsWith('PROVIDER')
        ? {
            errcode: 0,
            errmsg: 'ok',
            qrcode_url: `https://open.work.weixin.qq.com/qr?state=${(body as { state: string }).state}`,
            expires_in: 864000,
          }
        : error(40082, 'invalid provider_access_token'),
    '/cgi-bin/service/corpid_to_opencorpid': (url, body) =>
      url.searchParams.get('provider_access_token')?.startsWith('PROVIDER')
        ? { errcode: 0, errmsg: 'ok', open_corpid: `open_${(body as { corpid: string }).corpid}` }
        : error(40082, 'invalid provider_access_token'),
  });

  return Object.assign(platform, {
    providerCorpId,
    providerSecret,
    corpTokenFetches,
    ticketTokens,
    pushTicket(suiteId: string) {
      const live = tickets.get(suiteId) ?? [];
      const ticket = `TICKET_${suiteId}_${++n}_${'x'.repeat(40)}`;
      tickets.set(suiteId, [...live, ticket].slice(-2));
      return ticket;
    },
    authorise(suiteId: string, corpId: string, options: { customized?: boolean; agentId?: number } = {}) {
      grants.set(grantKey(suiteId, corpId), {
        code: `PERMANENT-${suiteId}-${corpId}-${++n}-secretish`,
        agentId: options.agentId ?? 1000001,
        customized: options.customized ?? false,
      });
      const authCode = `AUTH${++n}`.padEnd(64, 'a');
      authCodes.set(authCode, { suiteId, corpId });
      return authCode;
    },
    permanentCodeOf: (suiteId: string, corpId: string) => grants.get(grantKey(suiteId, corpId))?.code,
    resetPermanentCode(suiteId: string, corpId: string) {
      const grant = grants.get(grantKey(suiteId, corpId));
      if (!grant) throw new Error('not authorised');
      grant.code = `PERMANENT-${suiteId}-${corpId}-${++n}-reset`;
      const authCode = `AUTH${++n}`.padEnd(64, 'r');
      authCodes.set(authCode, { suiteId, corpId });
      return authCode;
    },
  });
}

/** A clock tests move by hand, and a memory store on it. */
export function manualClock(start = Date.UTC(2026, 0, 5, 8)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** Options of a suite client on the fake platform (no sleeping, no logs). */
export const suiteOptions = (platform: FakeProvider, extra: Record<string, unknown> = {}) => ({
  suiteId: 'wwsuite1',
  suiteSecret: SUITE_SECRET,
  sealSecret: SEAL_SECRET,
  fetch: platform.fetch,
  env: {},
  logger: { debug() {}, info() {}, warn() {}, error() {} },
  sleep: async () => {},
  ...extra,
});
