import { EMULATOR_HOST_ENV } from '@wxkit/core';

/** The default seed's survey app: fine against the emulator, refused against the real platform. */
export const DEMO = {
  corpId: 'ww0123456789abcdef',
  secret: 'survey-secret-0123456789abcdefghijklmnopqrs',
  agentId: 1000002,
  sessionSecret: 'wxkit-survey-demo-session-secret-not-for-production',
  callbackToken: 'SurveyCallbackToken',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

export interface SurveyConfig {
  port: number;
  publicUrl: string;
  redisUrl?: string;
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
}

export class ConfigError extends Error {
  override name = 'ConfigError';
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
  const config: SurveyConfig = {
    port,
    publicUrl,
    ...(env['REDIS_URL'] ? { redisUrl: env['REDIS_URL'] } : {}),
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
  };
  if (!emulatorHost) {
    const demo = [
      config.secret === DEMO.secret && 'WECOM_SECRET',
      config.sessionSecret === DEMO.sessionSecret && 'SESSION_SECRET',
    ].filter(Boolean);
    if (demo.length > 0) {
      throw new ConfigError(
        `The survey app would call the real WeCom with the demo ${demo.join(' and ')}. Set ${EMULATOR_HOST_ENV}=127.0.0.1:4100 to use the emulator, or set real WECOM_CORP_ID, WECOM_SECRET, WECOM_AGENT_ID and SESSION_SECRET.`,
      );
    }
  }
  return config;
}
