import { EMULATOR_HOST_ENV } from '@wxkit/core';
import { type IsvEditionConfig, isvDemoSecrets, isvFrom } from './isv-config.js';

/** The default seed's survey app: fine against the emulator, refused against the real platform. */
export const DEMO = {
  corpId: 'ww0123456789abcdef',
  secret: 'survey-secret-0123456789abcdefghijklmnopqrs',
  agentId: 1000002,
  sessionSecret: 'wxkit-survey-demo-session-secret-not-for-production',
  callbackToken: 'SurveyCallbackToken',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

/** The default seed's Official Account (packages/emulator/seeds/default.yaml) and the edition's demo callback. */
export const DEMO_OA = {
  appId: 'wx0123456789abcdef',
  appSecret: 'oa-secret-0123456789abcdef0123456789',
  callbackToken: 'SurveyOaToken',
  /** The follower who may open the OA edition's 管理 against the emulator (小明). */
  admin: 'o-xiaoming',
  /** The default seed's 问卷结果通知 template (thing1 问卷名称, time2 提交时间, thing3 结果). */
  resultsTemplateId: 'wxkitSurveyResult00000000000000000000000000',
};

export type Edition = 'wecom' | 'oa' | 'isv';

/** The Official Account edition: the same survey for an OA's followers (snsapi_userinfo login). */
export interface OaEditionConfig {
  appId: string;
  appSecret: string;
  /** Where the edition is served: '/oa' beside the WeCom edition, '' when it is the only one. */
  base: string;
  /** As set in the MP console (服务器配置): plaintext by default, or compatible/safe with the AES key. */
  callback: { token: string; encodingAESKey?: string; mode?: 'plaintext' | 'compatible' | 'safe' };
  /** Followers (openids) who may open the edition's admin page. */
  admins: string[];
  /** `MP_verify_<token>.txt` files (OA_VERIFY_FILES), served at the site root for 网页授权域名. */
  verifyFiles: Record<string, string>;
  /** The template (模板消息) sent to respondents when the results are published; unset = no message. */
  resultsTemplateId?: string;
}

export interface SurveyConfig {
  port: number;
  publicUrl: string;
  redisUrl?: string;
  /** A Sentinel-managed master (REDIS_SENTINELS, REDIS_SENTINEL_NAME); REDIS_URL then gives only password and db. */
  redisSentinel?: { name: string; sentinels: { host: string; port: number }[] };
  /** Key prefix in Redis, so several apps (or test runs) can share one server. */
  redisPrefix: string;
  dbPath: string;
  emulatorHost?: string;
  corpId: string;
  secret: string;
  agentId: number;
  sessionSecret: string;
  callback: { token: string; encodingAESKey: string };
  /** host[:port] list the JS-SDK may be configured on. */
  jssdkDomains: string[];
  verifyFiles: Record<string, string>;
  /**
   * Who may open /admin and send the survey: members by userid, or anyone in these departments (not their
   * sub-departments). Empty = nobody. Against the emulator the demo's 张三 and 林二 (总经理) are admins.
   */
  admins: { userids: string[]; departments: number[] };
  /** The origins the app is served from (PUBLIC_URL; against the emulator also 127.0.0.1:PORT). */
  publicOrigins: string[];
  /**
   * Which editions this process serves (SURVEY_PLATFORM): against the emulator all three, WeCom at /, the OA at
   * /oa, the third-party app at /isv.
   */
  editions: Edition[];
  oa: OaEditionConfig;
  /** The third-party app edition (第三方应用): one suite installed in many corps. */
  isv: IsvEditionConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** REDIS_SENTINELS=host:port,host:port (and REDIS_SENTINEL_NAME, default mymaster): Redis through Sentinel. */
function sentinelFrom(
  env: Readonly<Record<string, string | undefined>>,
): Pick<SurveyConfig, 'redisSentinel'> {
  const listed = (env['REDIS_SENTINELS'] ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (listed.length === 0) return {};
  const sentinels = listed.map((entry) => {
    const match = /^([^\s:]+):(\d{1,5})$/.exec(entry);
    const port = Number(match?.[2]);
    if (!match?.[1] || !(port > 0 && port < 65536))
      throw new ConfigError(`REDIS_SENTINELS is a comma-separated list of host:port, got "${entry}"`);
    return { host: match[1], port };
  });
  return { redisSentinel: { name: env['REDIS_SENTINEL_NAME'] ?? 'mymaster', sentinels } };
}

/** Reads the app's configuration from the environment; every credential defaults to the emulator's seed. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): SurveyConfig {
  const port = Number(env['PORT'] ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be 0-65535, got ${env['PORT']}`);
  const publicUrl = (env['PUBLIC_URL'] ?? `http://localhost:${port}`).replace(/\/$/, '');
  const emulatorHost = env[EMULATOR_HOST_ENV];
  const list = (name: string, fallback: string) =>
    (env[name] ?? fallback)
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  const adminDepartments = list('SURVEY_ADMIN_DEPARTMENTS', '').map(Number);
  if (adminDepartments.some((d) => !Number.isInteger(d) || d < 1))
    throw new ConfigError(
      `SURVEY_ADMIN_DEPARTMENTS is a comma-separated list of department ids, got ${env['SURVEY_ADMIN_DEPARTMENTS']}`,
    );
  const editions = editionsFrom(env, Boolean(emulatorHost));
  const config: SurveyConfig = {
    port,
    publicUrl,
    ...(env['REDIS_URL'] ? { redisUrl: env['REDIS_URL'] } : {}),
    ...sentinelFrom(env),
    redisPrefix: env['REDIS_PREFIX'] ?? 'wxkit:survey:',
    dbPath: env['SURVEY_DB'] ?? '.wxkit/survey-answers.jsonl',
    ...(emulatorHost ? { emulatorHost } : {}),
    corpId: env['WECOM_CORP_ID'] ?? DEMO.corpId,
    secret: env['WECOM_SECRET'] ?? DEMO.secret,
    agentId: Number(env['WECOM_AGENT_ID'] ?? DEMO.agentId),
    sessionSecret: env['SESSION_SECRET'] ?? DEMO.sessionSecret,
    callback: {
      token: env['WECOM_CALLBACK_TOKEN'] ?? DEMO.callbackToken,
      encodingAESKey: env['WECOM_ENCODING_AES_KEY'] ?? DEMO.encodingAESKey,
    },
    jssdkDomains: (env['JSSDK_DOMAINS'] ?? `${new URL(publicUrl).host},localhost:${port},127.0.0.1:${port}`)
      .split(',')
      .map((d) => d.trim())
      .filter(Boolean),
    admins: {
      userids: list('SURVEY_ADMINS', emulatorHost ? 'zhangsan,linger' : ''),
      departments: adminDepartments,
    },
    publicOrigins:
      env['PUBLIC_URL'] || !emulatorHost
        ? [new URL(publicUrl).origin]
        : [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
    verifyFiles: Object.fromEntries(
      (env['VERIFY_FILES'] ?? '')
        .split(',')
        .filter(Boolean)
        .map((token) => [`WW_verify_${token}.txt`, token]),
    ),
    editions,
    oa: oaFrom(env, editions, Boolean(emulatorHost)),
    isv: isvFrom(env, editions.length === 1, Boolean(emulatorHost)),
  };
  if (!emulatorHost) {
    const demo = [
      config.editions.includes('wecom') && config.secret === DEMO.secret && 'WECOM_SECRET',
      config.editions.includes('oa') && config.oa.appSecret === DEMO_OA.appSecret && 'OA_APP_SECRET',
      ...(config.editions.includes('isv') ? isvDemoSecrets(config.isv) : []),
      config.sessionSecret === DEMO.sessionSecret && 'SESSION_SECRET',
    ].filter(Boolean);
    if (demo.length > 0) {
      throw new ConfigError(
        `The survey app would call the real platform with the demo ${demo.join(' and ')}. Set ${EMULATOR_HOST_ENV}=127.0.0.1:4100 to use the emulator, or set real WECOM_CORP_ID, WECOM_SECRET, WECOM_AGENT_ID (or OA_APP_ID, OA_APP_SECRET; or SUITE_ID, SUITE_SECRET, SUITE_TOKEN, SUITE_AES_KEY, PROVIDER_CORP_ID, SURVEY_SEAL_SECRET) and SESSION_SECRET.`,
      );
    }
  }
  return config;
}

const ALL: Edition[] = ['wecom', 'oa', 'isv'];
const ALIASES: Record<string, Edition[]> = { both: ['wecom', 'oa'], all: ALL };

/**
 * SURVEY_PLATFORM (wecom, oa, isv, a comma-separated list of them, both = wecom,oa, or all), else what is
 * configured: WECOM_CORP_ID, OA_APP_ID, SUITE_ID (WeCom when none is); all three against the emulator.
 */
function editionsFrom(env: Readonly<Record<string, string | undefined>>, emulated: boolean): Edition[] {
  const named = env['SURVEY_PLATFORM'];
  if (named !== undefined) {
    const words = named
      .toLowerCase()
      .split(',')
      .map((w) => w.trim());
    const listed = words.flatMap((w) => ALIASES[w] ?? (ALL.includes(w as Edition) ? [w as Edition] : []));
    if (words.some((w) => !ALIASES[w] && !ALL.includes(w as Edition)) || listed.length === 0)
      throw new ConfigError(
        `SURVEY_PLATFORM is wecom, oa, isv, a comma-separated list of them, both or all; got ${named}`,
      );
    return ALL.filter((e) => listed.includes(e));
  }
  if (emulated) return ALL;
  const configured = ALL.filter((e) =>
    Boolean(env[{ wecom: 'WECOM_CORP_ID', oa: 'OA_APP_ID', isv: 'SUITE_ID' }[e]]),
  );
  return configured.length > 0 ? configured : ['wecom'];
}

function oaFrom(
  env: Readonly<Record<string, string | undefined>>,
  editions: Edition[],
  emulated: boolean,
): OaEditionConfig {
  const mode = env['OA_CALLBACK_MODE'];
  if (mode !== undefined && !['plaintext', 'compatible', 'safe'].includes(mode))
    throw new ConfigError(`OA_CALLBACK_MODE is plaintext, compatible or safe, got ${mode}`);
  const key = env['OA_ENCODING_AES_KEY'];
  if (mode && mode !== 'plaintext' && !key)
    throw new ConfigError(
      `OA_CALLBACK_MODE=${mode} needs OA_ENCODING_AES_KEY (43 characters, from the MP console)`,
    );
  const template = env['OA_RESULTS_TEMPLATE_ID'] ?? (emulated ? DEMO_OA.resultsTemplateId : undefined);
  return {
    appId: env['OA_APP_ID'] ?? DEMO_OA.appId,
    appSecret: env['OA_APP_SECRET'] ?? DEMO_OA.appSecret,
    base: editions.length > 1 ? '/oa' : '',
    callback: {
      token: env['OA_CALLBACK_TOKEN'] ?? DEMO_OA.callbackToken,
      ...(key ? { encodingAESKey: key } : {}),
      ...(mode ? { mode: mode as 'plaintext' | 'compatible' | 'safe' } : {}),
    },
    admins: (env['SURVEY_OA_ADMINS'] ?? (emulated ? DEMO_OA.admin : ''))
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
    verifyFiles: Object.fromEntries(
      (env['OA_VERIFY_FILES'] ?? '')
        .split(',')
        .filter(Boolean)
        .map((token) => [`MP_verify_${token}.txt`, token]),
    ),
    ...(template ? { resultsTemplateId: template } : {}),
  };
}
