import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config.js';
import { CliExit, type CliIO } from '../io.js';
import { compareReports } from '../parity/compare.js';
import { runScenarios } from '../parity/scenarios.js';
import { assertClean, type ParityReport } from '../parity/shape.js';
import { clientFor } from '../platform.js';

interface Options {
  config: string;
  target: string;
  member?: string;
  out: string;
  compare?: string[];
  json?: boolean;
}

async function readReport(io: CliIO, file: string): Promise<ParityReport> {
  try {
    const report = JSON.parse(await readFile(resolve(io.cwd, file), 'utf8')) as ParityReport;
    if (report.tool !== 'wxkit parity') throw new Error('not a wxkit parity report');
    return report;
  } catch (error) {
    throw new CliExit(`wxkit parity: cannot read ${file}: ${(error as Error).message}`, 2);
  }
}

async function compare(io: CliIO, files: string[], json: boolean | undefined): Promise<void> {
  if (files.length !== 2) throw new CliExit('wxkit parity --compare takes two reports: a.json b.json', 2);
  const [a, b] = await Promise.all(files.map((f) => readReport(io, f)));
  const differences = compareReports(a as ParityReport, b as ParityReport);
  if (json) io.out(JSON.stringify({ ok: differences.length === 0, differences }));
  else if (differences.length === 0) io.out(`✓ ${files[0]} and ${files[1]} agree (timings not compared)`);
  else
    io.out(
      [
        `✗ ${differences.length} difference(s), ${files[0]} → ${files[1]}:`,
        ...differences.map((d) => `  ${d}`),
      ].join('\n'),
    );
  if (differences.length > 0) throw new CliExit('', 1);
}

/**
 * parity: a fixed set of safe calls (token, tickets, OAuth error paths, directory or follower reads, a media round
 * trip, a message only to the --member named, callbacks) against the emulator or the real platform; the report keeps
 * statuses, errcodes, shapes and timings, never a value. --compare prints what differs between two reports.
 */
export function register(program: Command, io: CliIO): void {
  program
    .command('parity')
    .description(
      'run safe scenarios against the emulator or your own test corp / test Official Account and write a shareable report; --compare a.json b.json prints the differences',
    )
    .option('--config <file>', 'config file (the app and its secret)', DEFAULT_CONFIG_FILE)
    .option('--target <target>', 'emulator (WXKIT_EMULATOR_HOST) or real (the public hosts)', 'emulator')
    .option('--member <id>', 'the one test member (userid) or follower (openid) a message may go to')
    .option('--out <file>', 'where the report goes', 'parity-report.json')
    .option('--compare <files...>', 'compare two reports instead of running')
    .option('--json', 'print JSON')
    .action(async (o: Options) => {
      if (o.compare) return compare(io, o.compare, o.json);
      if (o.target !== 'emulator' && o.target !== 'real')
        throw new CliExit(`wxkit parity: --target is emulator or real (got ${o.target})`, 2);
      const onEmulator = Boolean(io.env['WXKIT_EMULATOR_HOST']);
      if (o.target === 'emulator' && !onEmulator)
        throw new CliExit(
          'wxkit parity --target emulator: set WXKIT_EMULATOR_HOST=host:port (wxkit emulator prints it)',
          2,
        );
      if (o.target === 'real' && onEmulator)
        throw new CliExit(
          'wxkit parity --target real: unset WXKIT_EMULATOR_HOST, or it calls the emulator',
          2,
        );
      const platform = clientFor(await loadConfig(io, o.config), io);
      const { config, client } = platform;
      const { results, token } = await runScenarios({
        platform: platform.platform,
        fetch: globalThis.fetch,
        base: platform.platform === 'wecom' ? client.hosts.qyapi : client.hosts.api,
        id: platform.platform === 'wecom' ? platform.config.corpId : platform.config.appId,
        secret: config.secret,
        ...(platform.platform === 'wecom' ? { agentId: platform.config.agentId } : {}),
        ...(o.member ? { member: o.member } : {}),
      });
      const report: ParityReport = {
        tool: 'wxkit parity',
        version: 1,
        platform: platform.platform,
        target: o.target,
        scenarios: results,
      };
      assertClean(report, [config.secret, token, o.member]);
      await writeFile(resolve(io.cwd, o.out), `${JSON.stringify(report, null, 2)}\n`);
      if (o.json) return io.out(JSON.stringify({ ok: true, out: o.out, report }));
      for (const s of results)
        io.out(
          s.skipped
            ? `- ${s.name}: skipped (${s.skipped})`
            : `✓ ${s.name}: ${s.steps.map((x) => `${x.call} → ${x.errcode} (${x.ms} ms)`).join(', ')}`,
        );
      io.out(`report written to ${o.out} (no secrets, tokens or personal values: shapes and errcodes only)`);
    });
}
