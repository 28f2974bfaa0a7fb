import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config.js';
import { diagnose } from '../doctor.js';
import { CliExit, type CliIO } from '../io.js';
import { LANG_OPTION, langOf, say } from '../lang.js';
import { PLATFORM_NAME } from '../platform.js';

const MARK = { ok: '✓', problem: '✗', skipped: '–' } as const;

export function register(program: Command, io: CliIO): void {
  program
    .command('doctor')
    .description(
      'ask the platform about the app (token, IP allow-list, trusted domain, home page) and compare it with the config; check the verification file on the running app',
    )
    .option('--config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option(...LANG_OPTION)
    .option('--json', 'print { ok, platform, checks } as JSON')
    .action(async (o: { config: string; lang?: string; json?: boolean }) => {
      const lang = langOf(io, o.lang);
      const config = await loadConfig(io, o.config);
      if (io.color) io.err(say(lang, 'asking the platform…', '正在询问平台…'));
      const report = await diagnose(config, io, fetch, undefined, lang);
      if (o.json) io.out(JSON.stringify(report));
      else {
        io.out(`${PLATFORM_NAME[report.platform]} app, ${o.config}:`);
        for (const c of report.checks) {
          io.out(`${MARK[c.status]} ${c.name}: ${c.detail}`);
          if (c.fix) io.out(say(lang, `    fix: ${c.fix}`, `    解决：${c.fix}`));
        }
      }
      const problems = report.checks.filter((c) => c.status === 'problem').length;
      if (problems > 0)
        throw new CliExit(
          o.json ? '' : say(lang, `${problems} problem(s) found`, `发现 ${problems} 个问题`),
          1,
        );
    });
}
