import type { Command } from 'commander';
import { clientFor, DEFAULT_CONFIG_FILE, loadConfig } from '../config.js';
import { CliExit, type CliIO } from '../io.js';

export function register(program: Command, io: CliIO): void {
  program
    .command('auth-url')
    .description('the OAuth authorize link for the app, checked against its trusted domains')
    .option('--config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--redirect-uri <url>', 'where the code goes (default: redirectUri from the config)')
    .option('--scope <scope>', 'snsapi_base or snsapi_privateinfo', 'snsapi_base')
    .option('--state <state>', 'state (letters and digits)', 'wxkit')
    .option('--json', 'print JSON')
    .action(
      async (o: { config: string; redirectUri?: string; scope: string; state: string; json?: boolean }) => {
        const config = await loadConfig(io, o.config);
        const redirectUri = o.redirectUri ?? config.redirectUri;
        const host = new URL(redirectUri).host;
        if (config.trustedDomains.length > 0 && !config.trustedDomains.includes(host)) {
          throw new CliExit(
            `wxkit auth-url: ${host} is not among trustedDomains (${config.trustedDomains.join(', ')}); the platform would show 50001 / redirect_uri 与配置的可信域名不一致`,
            1,
          );
        }
        const url = clientFor(config, io).oauth.authorizeUrl({
          redirectUri,
          state: o.state,
          scope: o.scope as 'snsapi_base',
        });
        io.out(o.json ? JSON.stringify({ url, redirectUri }) : url);
      },
    );
}
