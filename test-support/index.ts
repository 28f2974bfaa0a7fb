/**
 * What tests, e2e runs and benches share: the emulator's demo seed credentials, free ports, client user agents.
 * One home for each, instead of a copy per test file. Imported as `@wxkit/test-support` (vitest alias and
 * tsconfig paths); never shipped in a package.
 */
import { createServer } from 'node:net';
import {
  createOfficialAccount,
  createWeCom,
  type OfficialAccountOptions,
  silentLogger,
  type WeComOptions,
} from '@wxkit/core';

/** The default seed's WeCom corp and its survey app (packages/emulator/seeds/default.yaml). */
export const DEMO_WECOM = {
  corpId: 'ww0123456789abcdef',
  corpSecret: 'survey-secret-0123456789abcdefghijklmnopqrs',
  agentId: 1000002,
} as const;

/** The default seed's contacts-sync secret (管理工具 → 通讯录同步): the only one user/list_id takes. */
export const DEMO_CONTACT_SYNC_SECRET = 'contacts-sync-secret-0123456789abcdefghijkl';

/** The default seed's Official Account. */
export const DEMO_OA = {
  appId: 'wx0123456789abcdef',
  appSecret: 'oa-secret-0123456789abcdef0123456789',
} as const;

/** The default seed's callback settings for the survey app. */
export const DEMO_CALLBACK = {
  token: 'SurveyCallbackToken',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
} as const;

/**
 * A TCP port nothing listens on right now, for servers that must know their port before they listen (a seed that
 * names the app's URL, a child process). Quirk: a port the OS hands out for `listen(0)` comes from the ephemeral
 * range, the same range every outgoing connection takes its local port from, so between this check and the real
 * listen a Redis client or a fetch of a test running beside it could take it (EADDRINUSE, seen in CI). The ports
 * tried here lie below the ephemeral ranges of Linux (32768–60999) and macOS (49152–65535); only another caller
 * of this function drawing the same number at the same moment could take one.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error('freePort: 50 ports between 20000 and 32000 were all taken');
}

const canListen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

export * from './login.js';
export { UA } from './user-agents.js';

/** The demo apps' clients against an emulator: in-process through its `fetch`, with its host for every URL. */
export interface EmulatorLike {
  fetch: typeof fetch;
  /** The value for WXKIT_EMULATOR_HOST (`emulator.local` in-process). */
  host: string;
}

const emulated = (emu: EmulatorLike) => ({
  fetch: emu.fetch,
  env: { WXKIT_EMULATOR_HOST: emu.host },
  logger: silentLogger,
});

/** The default seed's survey app as a WeCom client of `emu`; `extra` overrides any option. */
export const demoWeCom = (emu: EmulatorLike, extra: Partial<WeComOptions> = {}) =>
  createWeCom({ ...DEMO_WECOM, ...emulated(emu), ...extra });

/** The default seed's Official Account as a client of `emu`; `extra` overrides any option. */
export const demoOfficialAccount = (emu: EmulatorLike, extra: Partial<OfficialAccountOptions> = {}) =>
  createOfficialAccount({ ...DEMO_OA, ...emulated(emu), ...extra });
// --- Official Account callbacks (oa-messages): a bare server the emulator can save as an account's server URL ---

/** What a test server received: method, query and raw body. */
export interface ReceivedRequest {
  method: string;
  query: URLSearchParams;
  body: string;
}

/**
 * An HTTP server on a random loopback port that records every request and answers the MP console's URL check
 * (echoes `echostr`) and anything else with `success`; `answer` overrides the reply.
 */
export async function startRecorder(answer?: (r: ReceivedRequest) => string): Promise<{
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}> {
  const { createServer: createHttpServer } = await import('node:http');
  const received: ReceivedRequest[] = [];
  const server = createHttpServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const r = {
      method: req.method ?? '',
      query: new URL(req.url ?? '/', 'http://x').searchParams,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    received.push(r);
    res.end(answer ? answer(r) : (r.query.get('echostr') ?? 'success'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/wx/events`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Saves `url` as the Official Account's server (plaintext unless `encodingAESKey` and `mode` say otherwise) and
 * pushes a follower's action, which opens their customer-service window: `{ type: 'text', openid, content }`.
 */
export async function oaPush(
  emulatorFetch: (path: string, init?: RequestInit) => Promise<Response>,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const response = await emulatorFetch('/_emulator/oa/events', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

export async function oaSaveServer(
  emulatorFetch: (path: string, init?: RequestInit) => Promise<Response>,
  body: { url: string; token: string; encodingAESKey?: string; mode?: string; appId?: string },
): Promise<Record<string, unknown>> {
  const response = await emulatorFetch('/_emulator/oa/callback', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}
// --- end Official Account callbacks ---

// ---- WeCom template cards (cards branch): one valid card of each type, for core, emulator, server and CLI tests.
/** Valid template cards per card_type (doc 90236); interactive ones need a fresh task_id per send. */
export const DEMO_CARDS = {
  text_notice: {
    card_type: 'text_notice' as const,
    main_title: { title: '问卷已发布', desc: '本周满意度' },
    sub_title_text: '请在周五前填写',
    horizontal_content_list: [{ keyname: '截止', value: '周五' }],
    jump_list: [{ type: 1 as const, title: '去填写', url: 'https://survey.example/s/1' }],
    card_action: { type: 1 as const, url: 'https://survey.example/s/1' },
  },
  news_notice: {
    card_type: 'news_notice' as const,
    main_title: { title: '结果已公布' },
    card_image: { url: 'https://survey.example/cover.png', aspect_ratio: 2.25 },
    vertical_content_list: [{ title: '参与', desc: '42 人' }],
    card_action: { type: 1 as const, url: 'https://survey.example/r/1' },
  },
  button_interaction: (task_id: string) => ({
    card_type: 'button_interaction' as const,
    task_id,
    main_title: { title: '问卷审批', desc: '是否发布' },
    button_list: [
      { text: '发布', style: 1, key: 'publish' },
      { text: '驳回', style: 2, key: 'reject' },
    ],
  }),
  vote_interaction: (task_id: string) => ({
    card_type: 'vote_interaction' as const,
    task_id,
    main_title: { title: '午餐投票' },
    checkbox: {
      question_key: 'lunch',
      mode: 1 as const,
      option_list: [
        { id: 'noodles', text: '面' },
        { id: 'rice', text: '饭', is_checked: true },
      ],
    },
    submit_button: { text: '提交', key: 'vote' },
  }),
  multiple_interaction: (task_id: string) => ({
    card_type: 'multiple_interaction' as const,
    task_id,
    main_title: { title: '会议安排' },
    select_list: [
      {
        question_key: 'day',
        title: '日期',
        option_list: [
          { id: 'mon', text: '周一' },
          { id: 'tue', text: '周二' },
        ],
      },
      {
        question_key: 'room',
        title: '会议室',
        selected_id: 'b',
        option_list: [
          { id: 'a', text: 'A' },
          { id: 'b', text: 'B' },
        ],
      },
    ],
    submit_button: { text: '确定', key: 'book' },
  }),
};

/** The smallest JPEG the platforms' type checks accept (SOI, a JFIF APP0 header, EOI): media tests' upload. */
export const TINY_JPEG: Uint8Array<ArrayBuffer> = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0xff, 0xd9,
]);
