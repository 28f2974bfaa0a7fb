import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { isPlatform } from '@wxkit/core/contract';
import { parse } from 'yaml';
import { CliExit, type CliIO } from './io.js';

interface CommonConfig {
  /** The app's home page (WeCom 工作台应用主页; the OA page a menu or link opens). */
  homeUrl: string;
  /** What the app expects the platform to trust: host[:port], compared exactly. */
  trustedDomains: string[];
  redirectUri: string;
  jssdkUrls: string[];
  /** WW_verify_XXXX.txt (WeCom) or MP_verify_XXXX.txt (Official Account), served at the domain root. */
  verifyFile?: string;
  menu?: { button: unknown[] };
  emulator: EmulatorSettings;
}

export interface WeComConfig extends CommonConfig {
  platform: 'wecom';
  corpId: string;
  agentId: number;
  secret: string;
}

export interface OfficialAccountConfig extends CommonConfig {
  platform: 'oa';
  appId: string;
  secret: string;
}

/** wxkit.config.yaml: the app's identity and domains. Secrets are written as ${ENV_NAME}, never as values. */
export type WxkitConfig = WeComConfig | OfficialAccountConfig;

/** The `emulator:` section, read by `wxkit emulator` and `wxkit dev` (no secrets needed for it). */
export interface EmulatorSettings {
  /** The seed file, resolved against the config file's folder. */
  seed?: string;
  port?: number;
}

export const DEFAULT_CONFIG_FILE = 'wxkit.config.yaml';

const expand = (text: string, env: CliIO['env']) =>
  text.replace(/\$\{([A-Z0-9_]+)\}/g, (_m, name: string) => {
    const value = env[name];
    if (value === undefined)
      throw new CliExit(`wxkit: the config refers to \${${name}}, which is not set in the environment`, 2);
    return value;
  });

/** `${NAME}` in every string of the parsed file; the error names the first variable that is not set. */
function expandAll(value: unknown, env: CliIO['env']): unknown {
  if (typeof value === 'string') return expand(value, env);
  if (Array.isArray(value)) return value.map((v) => expandAll(v, env));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandAll(v, env)]));
  return value;
}

const pathIn = (io: CliIO, file: string) => (isAbsolute(file) ? file : join(io.cwd, file));

async function readYaml(io: CliIO, file: string, required: boolean): Promise<Record<string, unknown> | null> {
  let text: string;
  try {
    text = await readFile(pathIn(io, file), 'utf8');
  } catch {
    if (!required) return null;
    throw new CliExit(`wxkit: no ${file} here; run \`wxkit init\` to write one, or pass --config FILE`, 2);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new CliExit(`wxkit: ${file} is not valid YAML: ${(error as Error).message}`, 2);
  }
  if (raw !== null && (typeof raw !== 'object' || Array.isArray(raw)))
    throw new CliExit(`wxkit: ${file} must be a YAML mapping (platform: wecom, corpId: …)`, 2);
  return (raw ?? {}) as Record<string, unknown>;
}

function emulatorSection(io: CliIO, file: string, raw: Record<string, unknown>): EmulatorSettings {
  const section = raw['emulator'];
  if (section === undefined || section === null) return {};
  const s = section as { seed?: unknown; port?: unknown };
  const problems: string[] = [];
  if (s.seed !== undefined && typeof s.seed !== 'string') problems.push('emulator.seed: a file path');
  if (s.port !== undefined && !(Number.isInteger(s.port) && (s.port as number) >= 0))
    problems.push('emulator.port: a port number');
  if (problems.length > 0)
    throw new CliExit(`wxkit: ${file} is missing or has wrong:\n  ${problems.join('\n  ')}`, 2);
  return {
    ...(typeof s.seed === 'string' ? { seed: resolve(dirname(pathIn(io, file)), s.seed) } : {}),
    ...(typeof s.port === 'number' ? { port: s.port } : {}),
  };
}

/**
 * The config's `emulator:` section for `wxkit emulator` and `wxkit dev`: read without expanding secrets, so the
 * emulator starts before they are set; no file at the default path is fine (the shipped demo seed is used).
 */
export async function loadEmulatorSettings(
  io: CliIO,
  file: string | undefined,
): Promise<EmulatorSettings & ProjectIdentity> {
  const path = file ?? DEFAULT_CONFIG_FILE;
  const raw = await readYaml(io, path, file !== undefined);
  if (!raw) return {};
  const text = (key: string) => (typeof raw[key] === 'string' ? { [key]: raw[key] as string } : {});
  return {
    ...emulatorSection(io, path, raw),
    ...text('homeUrl'),
    ...text('corpId'),
    ...text('appId'),
    ...(Number.isInteger(raw['agentId']) ? { agentId: raw['agentId'] as number } : {}),
    ...(isPlatform(raw['platform']) ? { platform: raw['platform'] } : {}),
    projectDir: dirname(pathIn(io, path)),
  };
}

/** What `wxkit dev` reads from a config besides the emulator section: which app of the seed is the project's. */
export interface ProjectIdentity {
  homeUrl?: string;
  platform?: 'wecom' | 'oa';
  corpId?: string;
  agentId?: number;
  appId?: string;
  /** The folder of the config file that was found (the project); absent when there is none. */
  projectDir?: string;
}

/** The config's `platform`, read without expanding secrets (for commands that only need to know which rules apply). */
export async function loadPlatform(
  io: CliIO,
  file = DEFAULT_CONFIG_FILE,
): Promise<'wecom' | 'oa' | undefined> {
  const raw = await readYaml(io, file, false);
  const platform = raw?.['platform'];
  return isPlatform(platform) ? platform : undefined;
}

/** The config's `menu:` section, read without expanding secrets; exit 2 when the config has none. */
export async function loadMenu(io: CliIO, file = DEFAULT_CONFIG_FILE): Promise<unknown> {
  const raw = await readYaml(io, file, true);
  const menu = raw?.['menu'];
  if (menu === undefined || menu === null)
    throw new CliExit(`wxkit menu: no menu in ${file}; add a \`menu:\` section or pass a file`, 2);
  return menu;
}

const isUrl = (v: unknown) => typeof v === 'string' && /^https?:\/\/[^/\s]+/.test(v);

export async function loadConfig(io: CliIO, file = DEFAULT_CONFIG_FILE): Promise<WxkitConfig> {
  const parsed = await readYaml(io, file, true);
  const raw = expandAll(parsed, io.env) as Record<string, unknown>;
  const problems: string[] = [];
  const platform = raw['platform'];
  if (platform === 'wecom') {
    if (typeof raw['corpId'] !== 'string' || !raw['corpId']) problems.push('corpId: the CorpID (ww…)');
    if (!Number.isInteger(raw['agentId'])) problems.push('agentId: the AgentId (a number)');
    if (!raw['secret']) problems.push('secret: $' + '{WECOM_SECRET} (the app secret from the environment)');
  } else if (platform === 'oa') {
    if (typeof raw['appId'] !== 'string' || !raw['appId']) problems.push('appId: the AppID (wx…)');
    if (!raw['secret']) problems.push('secret: $' + '{OA_SECRET} (the AppSecret from the environment)');
  } else {
    problems.push('platform: wecom (a WeCom self-built app) or oa (an Official Account)');
  }
  if (!isUrl(raw['homeUrl'])) problems.push('homeUrl: the app home page, http(s)://…');
  if (raw['redirectUri'] !== undefined && !isUrl(raw['redirectUri']))
    problems.push('redirectUri: an http(s) URL on a trusted domain');
  for (const key of ['trustedDomains', 'jssdkUrls'] as const)
    if (raw[key] !== undefined && !Array.isArray(raw[key])) problems.push(`${key}: a list`);
  for (const [i, url] of ((raw['jssdkUrls'] as unknown[] | undefined) ?? []).entries())
    if (!isUrl(url)) problems.push(`jssdkUrls[${i}]: an http(s) URL`);
  if (problems.length > 0)
    throw new CliExit(`wxkit: ${file} is missing or has wrong:\n  ${problems.join('\n  ')}`, 2);
  const homeUrl = raw['homeUrl'] as string;
  return {
    ...raw,
    homeUrl,
    trustedDomains: ((raw['trustedDomains'] as unknown[] | undefined) ?? []).map(String),
    jssdkUrls: ((raw['jssdkUrls'] as string[] | undefined) ?? []).map(String),
    redirectUri: (raw['redirectUri'] as string | undefined) ?? new URL('/wx/callback', homeUrl).toString(),
    emulator: emulatorSection(io, file, parsed ?? {}),
  } as WxkitConfig;
}
