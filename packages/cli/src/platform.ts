import {
  createOfficialAccount,
  createWeCom,
  type OfficialAccountClient,
  silentLogger,
  type WeComClient,
} from '@wxkit/core';
import type { OfficialAccountConfig, WeComConfig, WxkitConfig } from './config.js';
import { CliExit, type CliIO } from './io.js';

export type PlatformClient =
  | { platform: 'wecom'; config: WeComConfig; client: WeComClient }
  | { platform: 'oa'; config: OfficialAccountConfig; client: OfficialAccountClient };

export const PLATFORM_NAME = { wecom: 'WeCom', oa: 'Official Account' } as const;

/** The platform client for a config, honouring WXKIT_EMULATOR_HOST from the CLI's environment. */
export function clientFor(config: WxkitConfig, io: CliIO, platformFetch?: typeof fetch): PlatformClient {
  const common = { env: io.env, logger: silentLogger, ...(platformFetch ? { fetch: platformFetch } : {}) };
  return config.platform === 'wecom'
    ? {
        platform: 'wecom',
        config,
        client: createWeCom({
          ...common,
          corpId: config.corpId,
          corpSecret: config.secret,
          agentId: config.agentId,
        }),
      }
    : {
        platform: 'oa',
        config,
        client: createOfficialAccount({ ...common, appId: config.appId, appSecret: config.secret }),
      };
}

/** For commands that only exist on WeCom (app messages, the workbench): exit 2 saying so, with the alternative. */
export function weComClientFor(
  config: WxkitConfig,
  io: CliIO,
  command: string,
  instead: string,
): WeComClient {
  const p = clientFor(config, io);
  if (p.platform === 'wecom') return p.client;
  throw new CliExit(
    `wxkit ${command}: this is a WeCom app feature; the config is for an Official Account (platform: oa). ${instead}`,
    2,
  );
}
