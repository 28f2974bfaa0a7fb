import { isWxApiError } from '@wxkit/core';
import type { Command } from 'commander';
import { clientFor, DEFAULT_CONFIG_FILE, loadConfig } from '../config.js';
import { CliExit, type CliIO } from '../io.js';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export function register(program: Command, io: CliIO): void {
  program
    .command('doctor')
    .description(
      'check a config: credentials, trusted domains, JS-SDK URLs, the verification file, IP allow-list',
    )
    .option('--config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--json', 'print JSON')
    .action(async (o: { config: string; json?: boolean }) => {
      const config = await loadConfig(io, o.config);
      const checks: Check[] = [];
      const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
      if (io.color) io.err('checking credentials…');
      try {
        await clientFor(config, io).getAccessToken();
        add('credentials', true, 'fetched an access_token');
      } catch (error) {
        add(
          'credentials',
          false,
          isWxApiError(error) ? `errcode ${error.errcode}: ${error.hint}` : (error as Error).message,
        );
      }
      const inTrusted = (url: string) => config.trustedDomains.includes(new URL(url).host);
      add(
        'home page domain',
        inTrusted(config.homeUrl),
        `${new URL(config.homeUrl).host} ${inTrusted(config.homeUrl) ? 'is' : 'is not'} a trusted domain`,
      );
      add(
        'redirect domain',
        inTrusted(config.redirectUri),
        `${new URL(config.redirectUri).host} must equal a trusted domain exactly, port included`,
      );
      for (const url of config.jssdkUrls)
        add(
          `JS-SDK ${url}`,
          inTrusted(url),
          inTrusted(url) ? 'on a trusted domain' : 'not on a trusted domain (80001 / invalid url domain)',
        );
      if (config.verifyFile) {
        const token = /^WW_verify_([A-Za-z0-9]+)\.txt$/.exec(config.verifyFile)?.[1];
        const url = new URL(`/${config.verifyFile}`, config.homeUrl).toString();
        try {
          const body = await (await fetch(url)).text();
          add(
            'verification file',
            body === token,
            body === token
              ? `${url} serves exactly "${token}"`
              : `${url} must serve exactly "${token}" (got "${body.slice(0, 40)}")`,
          );
        } catch (error) {
          add('verification file', false, `${url}: ${(error as Error).message}`);
        }
      }
      if (o.json) io.out(JSON.stringify({ ok: checks.every((c) => c.ok), checks }));
      else for (const c of checks) io.out(`${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`);
      if (!checks.every((c) => c.ok))
        throw new CliExit(o.json ? '' : `${checks.filter((c) => !c.ok).length} problem(s) found`, 1);
    });
}
