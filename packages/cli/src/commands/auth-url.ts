import { OAUTH_SCOPES } from '@wxkit/core/contract';
import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config.js';
import { CliExit, type CliIO } from '../io.js';
import { clientFor } from '../platform.js';

export function register(program: Command, io: CliIO): void {
  program
    .command('auth-url')
    .description('the OAuth authorize link for the app, checked against its trusted domains')
    .option('--config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--redirect-uri <url>', 'where the code goes (default: redirectUri from the config)')
    .option(
      '--scope <scope>',
      'snsapi_base, or snsapi_privateinfo (WeCom) / snsapi_userinfo (OA)',
      'snsapi_base',
    )
    .option('--state <state>', 'state (letters and digits)', 'wxkit')
    .option('--json', 'print { url, redirectUri, platform } as JSON')
    .action(
      async (o: { config: string; redirectUri?: string; scope: string; state: string; json?: boolean }) => {
        const config = await loadConfig(io, o.config);
        const scopes: readonly string[] = OAUTH_SCOPES[config.platform];
        if (!scopes.includes(o.scope))
          throw new CliExit(`wxkit auth-url: --scope is ${scopes.join(' or ')} for this platform`, 2);
        const redirectUri = o.redirectUri ?? config.redirectUri;
        let host: string;
        try {
          host = new URL(redirectUri).host;
        } catch {
          throw new CliExit(`wxkit auth-url: --redirect-uri "${redirectUri}" is not a URL`, 2);
        }
        if (config.trustedDomains.length > 0 && !config.trustedDomains.includes(host)) {
          throw new CliExit(
            config.platform === 'wecom'
              ? `wxkit auth-url: ${host} is not among trustedDomains (${config.trustedDomains.join(', ')}); the platform would show 50001 / redirect_uri 与配置的可信域名不一致`
              : `wxkit auth-url: ${host} is not among trustedDomains (${config.trustedDomains.join(', ')}); WeChat would show 10003 redirect_uri 参数错误`,
            1,
          );
        }
        const p = clientFor(config, io);
        const url =
          p.platform === 'wecom'
            ? p.client.oauth.authorizeUrl({
                redirectUri,
                state: o.state,
                scope: o.scope as 'snsapi_base' | 'snsapi_privateinfo',
              })
            : p.client.oauth.authorizeUrl({
                redirectUri,
                state: o.state,
                scope: o.scope as 'snsapi_base' | 'snsapi_userinfo',
              });
        io.out(o.json ? JSON.stringify({ ok: true, platform: p.platform, url, redirectUri }) : url);
      },
    );
}
