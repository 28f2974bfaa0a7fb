/** A scripted stand-in for the platform: answers by path, counts calls, and lets a test queue answers. */
export interface FakePlatform {
  fetch: typeof fetch;
  calls: URL[];
  bodies: unknown[];
  count(path: string): number;
  /** The next calls of `path` answer these bodies (then the default answer resumes). */
  queue(path: string, ...answers: (Record<string, unknown> | { status: number })[]): void;
}

export function createFakePlatform(
  defaults: Record<string, (url: URL, body: unknown) => Record<string, unknown>>,
): FakePlatform {
  const calls: URL[] = [];
  const bodies: unknown[] = [];
  const queued = new Map<string, (Record<string, unknown> | { status: number })[]>();
  const fetchFn = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push(url);
    bodies.push(body);
    await Promise.resolve();
    const next = queued.get(url.pathname)?.shift();
    if (next && 'status' in next && typeof next.status === 'number')
      return new Response('busy', { status: next.status });
    const handler = defaults[url.pathname];
    const answer =
      next ?? (handler ? handler(url, body) : { errcode: 404, errmsg: `fake platform: no ${url.pathname}` });
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return {
    fetch: fetchFn as typeof fetch,
    calls,
    bodies,
    count: (path) => calls.filter((u) => u.pathname === path).length,
    queue: (path, ...answers) => queued.set(path, [...(queued.get(path) ?? []), ...answers]),
  };
}

/** A WeCom corp with one app: tokens count up so each fetch is distinguishable. */
export function fakeWeCom() {
  let tokens = 0;
  let tickets = 0;
  return createFakePlatform({
    '/cgi-bin/gettoken': (url) =>
      url.searchParams.get('corpsecret') === 'secret-1' || url.searchParams.get('corpsecret') === 'secret-2'
        ? { errcode: 0, errmsg: 'ok', access_token: `TOKEN${++tokens}`, expires_in: 7200 }
        : { errcode: 40001, errmsg: 'invalid credential, hint: [x]' },
    '/cgi-bin/get_jsapi_ticket': () => ({
      errcode: 0,
      errmsg: 'ok',
      ticket: `CORP_TICKET${++tickets}`,
      expires_in: 7200,
    }),
    '/cgi-bin/ticket/get': (url) =>
      url.searchParams.get('type') === 'agent_config'
        ? { errcode: 0, errmsg: 'ok', ticket: `AGENT_TICKET${++tickets}`, expires_in: 7200 }
        : { errcode: 40058, errmsg: 'invalid type' },
    '/cgi-bin/auth/getuserinfo': (url) =>
      url.searchParams.get('code')?.startsWith('good')
        ? { errcode: 0, errmsg: 'ok', userid: 'zhangsan', user_ticket: 'UT' }
        : { errcode: 40029, errmsg: 'invalid code' },
    '/cgi-bin/user/get': (url) => ({
      errcode: 0,
      errmsg: 'ok',
      userid: url.searchParams.get('userid'),
      name: '张三',
      department: [2],
    }),
    '/cgi-bin/department/list': () => ({ errcode: 0, errmsg: 'ok', department: [{ id: 1, name: '总部' }] }),
    '/cgi-bin/message/send': () => ({ errcode: 0, errmsg: 'ok', invaliduser: 'ghost', msgid: 'M1' }),
  });
}

export const weComOptions = (platform: FakePlatform, extra: Record<string, unknown> = {}) => ({
  corpId: 'ww0123456789abcdef',
  corpSecret: 'secret-1',
  agentId: 1000002,
  fetch: platform.fetch,
  env: {},
  logger: { debug() {}, info() {}, warn() {}, error() {} },
  sleep: async () => {},
  ...extra,
});

type Handlers = Parameters<typeof createFakePlatform>[0];

/** An Official Account: tokens (plain and stable) count up, one jsapi ticket; `extra` adds or replaces paths. */
export function fakeOfficialAccount(extra: Handlers = {}) {
  let n = 0;
  const token = () => ({ access_token: `OA${++n}`, expires_in: 7200 });
  return createFakePlatform({
    '/cgi-bin/token': token,
    '/cgi-bin/stable_token': token,
    '/cgi-bin/ticket/getticket': () => ({ errcode: 0, errmsg: 'ok', ticket: 'OATICKET', expires_in: 7200 }),
    ...extra,
  });
}

export const oaOptions = (platform: FakePlatform, extra: Record<string, unknown> = {}) => ({
  appId: 'wx0123456789abcdef',
  appSecret: 'oa-secret',
  fetch: platform.fetch,
  env: {},
  logger: { debug() {}, info() {}, warn() {}, error() {} },
  ...extra,
});

/** The fake Official Account's follower o-1 (小明): a web OAuth token answer (access token `accessToken`)… */
export const snsToken = (accessToken: string, extra: Record<string, unknown> = {}) => ({
  access_token: accessToken,
  expires_in: 7200,
  refresh_token: 'R1',
  openid: 'o-1',
  scope: 'snsapi_userinfo',
  ...extra,
});

/** …and what /sns/userinfo answers for them. */
export const SNS_USER = {
  openid: 'o-1',
  nickname: '小明',
  sex: 0,
  province: '',
  city: '',
  country: '',
  headimgurl: '',
  privilege: [],
};
