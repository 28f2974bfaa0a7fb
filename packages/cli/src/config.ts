import { readFile } from 'node:fs/promises';
import { createWeCom, type WeComClient } from '@wxkit/core';
import { parse } from 'yaml';
import { CliExit, type CliIO } from './io.js';

/** wxkit.config.yaml: the app's identity and domains. Secrets are written as ${ENV_NAME}, never as values. */
export interface WxkitConfig {
  platform: 'wecom';
  corpId: string;
  agentId: number;
  secret: string;
  homeUrl: string;
  trustedDomains: string[];
  redirectUri: string;
  jssdkUrls: string[];
  verifyFile?: string;
  menu?: { button: unknown[] };
}

export const DEFAULT_CONFIG_FILE = 'wxkit.config.yaml';

const expand = (text: string, env: CliIO['env']) =>
  text.replace(/\$\{([A-Z0-9_]+)\}/g, (_m, name: string) => {
    const value = env[name];
    if (value === undefined)
      throw new CliExit(`wxkit: the config refers to \${${name}}, which is not set in the environment`, 2);
    return value;
  });

export async function loadConfig(io: CliIO, file = DEFAULT_CONFIG_FILE): Promise<WxkitConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CliExit(`wxkit: no ${file} here; run \`wxkit init\` to write one, or pass --config FILE`, 2);
  }
  const raw = parse(expand(text, io.env)) as Partial<WxkitConfig> | null;
  const problems: string[] = [];
  if (!raw || raw.platform !== 'wecom') problems.push('platform: wecom (the CLI config covers WeCom apps)');
  if (!raw?.corpId) problems.push('corpId: the CorpID');
  if (!Number.isInteger(raw?.agentId)) problems.push('agentId: the AgentId (a number)');
  if (!raw?.secret) problems.push('secret: $' + '{WECOM_SECRET} (the app secret from the environment)');
  if (!raw?.homeUrl) problems.push('homeUrl: the app home page');
  if (problems.length > 0)
    throw new CliExit(`wxkit: ${file} is missing or has wrong:\n  ${problems.join('\n  ')}`, 2);
  const config = raw as WxkitConfig;
  return {
    ...config,
    trustedDomains: config.trustedDomains ?? [],
    jssdkUrls: config.jssdkUrls ?? [],
    redirectUri: config.redirectUri ?? new URL('/wx/callback', config.homeUrl).toString(),
  };
}

export function clientFor(config: WxkitConfig, io: CliIO): WeComClient {
  return createWeCom({
    corpId: config.corpId,
    corpSecret: config.secret,
    agentId: config.agentId,
    env: io.env,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
}
