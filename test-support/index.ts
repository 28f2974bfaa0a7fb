/**
 * What tests, e2e runs and benches share: the emulator's demo seed credentials, free ports, client user agents.
 * One home for each, instead of a copy per test file. Imported as `@wxkit/test-support` (vitest alias and
 * tsconfig paths); never shipped in a package.
 */
import { createServer } from 'node:net';

/** The default seed's WeCom corp and its survey app (packages/emulator/seeds/default.yaml). */
export const DEMO_WECOM = {
  corpId: 'ww0123456789abcdef',
  corpSecret: 'survey-secret-0123456789abcdefghijklmnopqrs',
  agentId: 1000002,
} as const;

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

/** A TCP port nothing listens on right now (for child processes that must be told their port up front). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Real clients' user agents: WeCom and WeChat on iPhone and Android, and a desktop browser. */
export const UA = {
  wecomIOS:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.22 MicroMessenger/7.0.1 Language/zh',
  wecomAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 wxwork/4.1.22 MicroMessenger/7.0.1 NetType/WIFI Language/zh',
  wechatIOS:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322a) NetType/WIFI Language/zh_CN',
  wechatAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.50.2701(0x28003237) NetType/WIFI Language/zh_CN',
  desktop:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
} as const;

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
