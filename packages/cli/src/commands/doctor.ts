import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config.js';
import { diagnose } from '../doctor.js';
import { CliExit, type CliIO } from '../io.js';
import { PLATFORM_NAME } from '../platform.js';

const MARK = { ok: '✓', problem: '✗', skipped: '–' } as const;

export function register(program: Command, io: CliIO): void {
  program
    .command('doctor')
    .description(
      'ask the platform about the app (token, IP allow-list, trusted domain, home page) and compare it with the config; check the verification file on the running app',
    )
    .option('--config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--json', 'print { ok, platform, checks } as JSON')
    .action(async (o: { config: string; json?: boolean }) => {
      const config = await loadConfig(io, o.config);
      if (io.color) io.err('asking the platform…');
      const report = await diagnose(config, io);
      if (o.json) io.out(JSON.stringify(report));
      else {
        io.out(`${PLATFORM_NAME[report.platform]} app, ${o.config}:`);
        for (const c of report.checks) {
          io.out(`${MARK[c.status]} ${c.name}: ${c.detail}`);
          if (c.fix) io.out(`    fix: ${c.fix}`);
        }
      }
      const problems = report.checks.filter((c) => c.status === 'problem').length;
      if (problems > 0) throw new CliExit(o.json ? '' : `${problems} problem(s) found`, 1);
    });
}
