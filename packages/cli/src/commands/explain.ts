import { explain, listExplanations, type Platform } from '@wxkit/core';
import type { Command } from 'commander';
import { CliExit, type CliIO } from '../io.js';

export function register(program: Command, io: CliIO): void {
  program
    .command('explain')
    .description('what an errcode means, its likely causes and the fix')
    .argument('<errcode>', 'e.g. 40029 or -40001')
    .option('--platform <platform>', 'wecom or oa (both by default)')
    .option('--json', 'print JSON')
    .action((code: string, o: { platform?: string; json?: boolean }) => {
      const errcode = Number(code);
      if (!Number.isInteger(errcode))
        throw new CliExit(`wxkit explain: "${code}" is not an errcode (a whole number like 40029)`, 2);
      if (o.platform !== undefined && o.platform !== 'wecom' && o.platform !== 'oa')
        throw new CliExit('wxkit explain: --platform is wecom or oa', 2);
      const entries = o.platform
        ? [explain(errcode, o.platform as Platform)].filter((e) => e !== undefined)
        : listExplanations().filter((e) => e.errcode === errcode);
      if (entries.length === 0)
        throw new CliExit(
          `wxkit explain: ${errcode} is not in the catalog; check the platform's error table`,
          1,
        );
      if (o.json) return io.out(JSON.stringify(entries.length === 1 ? entries[0] : entries));
      for (const e of entries) {
        io.out(
          `${e.errcode} (${e.platform === 'both' ? 'WeCom and Official Account' : e.platform === 'wecom' ? 'WeCom' : 'Official Account'}): ${e.meaning}`,
        );
        for (const cause of e.causes) io.out(`  - ${cause}`);
        io.out(`  fix: ${e.fix}`);
      }
    });
}
