import { type Answer, call, PARITY_JPEG } from './http.js';
import type { ScenarioResult } from './shape.js';

/** What the scenarios run against: one app's credentials on one base URL. */
export interface ParityTarget {
  platform: 'wecom' | 'oa';
  fetch: typeof fetch;
  /** https://qyapi.weixin.qq.com or https://api.weixin.qq.com, or the emulator. */
  base: string;
  /** corpId (WeCom) or appId (OA). */
  id: string;
  secret: string;
  agentId?: number;
  /** The one test member (userid) or follower (openid) a message may go to; without it no message is sent. */
  member?: string;
}

interface Scenario {
  name: string;
  /** Runs the calls; a string is the reason it was skipped. */
  run(t: ParityTarget, token: string): Promise<Answer[] | string>;
}

const get = (t: ParityTarget, path: string, query: Record<string, string> = {}) =>
  call(t.fetch, t.base, 'GET', path, query);
const post = (t: ParityTarget, path: string, query: Record<string, string>, body: unknown) =>
  call(t.fetch, t.base, 'POST', path, query, body);

function photo(): FormData {
  const form = new FormData();
  form.append('media', new Blob([PARITY_JPEG], { type: 'image/jpeg' }), 'parity.jpg');
  return form;
}

/** Upload a 1×1 JPEG, read it back, and ask for a media_id that does not exist. */
/** A text to the member named with --member (nothing is sent without one), by the platform's send path. */
const messageToMember = (path: string, extra: (t: ParityTarget) => Record<string, unknown>): Scenario => ({
  name: 'message to the test member',
  async run(t, token) {
    if (!t.member) return 'no --member: nothing is sent';
    const body = { touser: t.member, ...extra(t), msgtype: 'text', text: { content: 'wxkit parity test' } };
    return [await post(t, path, { access_token: token }, body)];
  },
});

const mediaRoundTrip: Scenario = {
  name: 'media round trip',
  async run(t, token) {
    const up = await post(t, '/cgi-bin/media/upload', { access_token: token, type: 'image' }, photo());
    const id = String(up.body['media_id'] ?? 'none');
    return [
      up,
      await get(t, '/cgi-bin/media/get', { access_token: token, media_id: id }),
      await get(t, '/cgi-bin/media/get', { access_token: token, media_id: 'wxkit-parity-no-such-media' }),
    ];
  },
};

const WECOM: Scenario[] = [
  {
    name: 'token errors',
    run: async (t) => [
      await get(t, '/cgi-bin/gettoken', { corpid: t.id, corpsecret: 'wxkit-parity-wrong-secret' }),
      await get(t, '/cgi-bin/user/get', { userid: 'wxkit-parity' }),
    ],
  },
  {
    name: 'tickets',
    run: async (t, token) => [
      await get(t, '/cgi-bin/get_jsapi_ticket', { access_token: token }),
      await get(t, '/cgi-bin/ticket/get', { access_token: token, type: 'agent_config' }),
    ],
  },
  {
    name: 'oauth error paths',
    run: async (t, token) => [
      await get(t, '/cgi-bin/auth/getuserinfo', { access_token: token, code: 'wxkit-parity-bad-code' }),
      await post(t, '/cgi-bin/auth/getuserdetail', { access_token: token }, { user_ticket: 'wxkit-parity' }),
    ],
  },
  {
    name: 'directory reads',
    async run(t, token) {
      const departments = await get(t, '/cgi-bin/department/simplelist', { access_token: token });
      const first = (departments.body['department_id'] as { id?: number }[] | undefined)?.[0]?.id ?? 1;
      return [
        departments,
        await get(t, '/cgi-bin/user/simplelist', { access_token: token, department_id: String(first) }),
        await get(t, '/cgi-bin/user/get', { access_token: token, userid: 'wxkit-parity-nobody' }),
        await post(t, '/cgi-bin/user/list_id', { access_token: token }, { limit: 1 }),
        await get(t, '/cgi-bin/tag/list', { access_token: token }),
      ];
    },
  },
  mediaRoundTrip,
  messageToMember('/cgi-bin/message/send', (t) => ({ agentid: t.agentId })),
  {
    name: 'callbacks',
    run: async (t, token) => [await get(t, '/cgi-bin/getcallbackip', { access_token: token })],
  },
];

const OA: Scenario[] = [
  {
    name: 'token errors',
    run: async (t) => [
      await get(t, '/cgi-bin/token', {
        grant_type: 'client_credential',
        appid: t.id,
        secret: 'wxkit-parity-wrong',
      }),
      await get(t, '/cgi-bin/user/get', {}),
    ],
  },
  {
    name: 'tickets',
    run: async (t, token) => [
      await get(t, '/cgi-bin/ticket/getticket', { access_token: token, type: 'jsapi' }),
    ],
  },
  {
    name: 'oauth error paths',
    run: async (t) => [
      await get(t, '/sns/oauth2/access_token', {
        appid: t.id,
        secret: t.secret,
        code: 'wxkit-parity-bad-code',
        grant_type: 'authorization_code',
      }),
    ],
  },
  {
    name: 'follower reads',
    run: async (t, token) => [
      await get(t, '/cgi-bin/user/get', { access_token: token, next_openid: '' }),
      await get(t, '/cgi-bin/user/info', {
        access_token: token,
        openid: 'wxkit-parity-nobody',
        lang: 'zh_CN',
      }),
      await get(t, '/cgi-bin/template/get_all_private_template', { access_token: token }),
    ],
  },
  mediaRoundTrip,
  messageToMember('/cgi-bin/message/custom/send', () => ({})),
  {
    name: 'callbacks',
    run: async (t, token) => [await get(t, '/cgi-bin/getcallbackip', { access_token: token })],
  },
];

/** Runs every scenario of the target's platform: first the token (itself a scenario), then the rest with it. */
export async function runScenarios(t: ParityTarget): Promise<{ results: ScenarioResult[]; token: string }> {
  const tokenCall =
    t.platform === 'wecom'
      ? await get(t, '/cgi-bin/gettoken', { corpid: t.id, corpsecret: t.secret })
      : await get(t, '/cgi-bin/token', { grant_type: 'client_credential', appid: t.id, secret: t.secret });
  const token = String(tokenCall.body['access_token'] ?? '');
  const results: ScenarioResult[] = [{ name: 'token', steps: [tokenCall.step] }];
  for (const scenario of t.platform === 'wecom' ? WECOM : OA) {
    if (!token) {
      results.push({ name: scenario.name, skipped: 'no access_token', steps: [] });
      continue;
    }
    const ran = await scenario.run(t, token);
    results.push(
      typeof ran === 'string'
        ? { name: scenario.name, skipped: ran, steps: [] }
        : { name: scenario.name, steps: ran.map((a) => a.step) },
    );
  }
  return { results, token };
}
