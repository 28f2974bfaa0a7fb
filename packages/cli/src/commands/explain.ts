import { type Explanation, explain, listExplanations, type Platform } from '@wxkit/core';
import type { Command } from 'commander';
import { CliExit, type CliIO } from '../io.js';

const PLATFORM_NAME = { both: 'WeCom and Official Account', wecom: 'WeCom', oa: 'Official Account' } as const;

function print(io: CliIO, e: Explanation): void {
  io.out(`${e.errcode} (${PLATFORM_NAME[e.platform]}): ${e.meaning}`);
  for (const cause of e.causes) io.out(`  - ${cause}`);
  io.out(`  fix: ${e.fix}`);
}

export function register(program: Command, io: CliIO): void {
  program
    .command('explain')
    .description('what an errcode means, its likely causes and the fix (both platforms where they differ)')
    .argument('<errcode>', 'e.g. 40029 or -40001')
    .option('--platform <platform>', 'wecom or oa (both by default)')
    .option('--json', 'print JSON')
    .action((code: string, o: { platform?: string; json?: boolean }) => {
      const errcode = Number(code);
      if (!/^-?\d+$/.test(code.trim()) || !Number.isSafeInteger(errcode))
        throw new CliExit(`wxkit explain: "${code}" is not an errcode (a whole number like 40029)`, 2);
      if (o.platform !== undefined && o.platform !== 'wecom' && o.platform !== 'oa')
        throw new CliExit('wxkit explain: --platform is wecom or oa', 2);
      const all = listExplanations().filter((e) => e.errcode === errcode);
      if (all.length === 0)
        throw new CliExit(
          `wxkit explain: ${errcode} is not in the catalog; check the platform's error table (WeCom: developer.work.weixin.qq.com/document/path/90313)`,
          1,
        );
      const asked = o.platform ? explain(errcode, o.platform as Platform) : undefined;
      const entries = o.platform ? (asked ? [asked] : all) : all;
      if (o.json) return io.out(JSON.stringify(entries.length === 1 ? entries[0] : entries));
      if (o.platform && !asked)
        io.out(`${errcode} is not a ${PLATFORM_NAME[o.platform as Platform]} code; on the other platform:`);
      for (const e of entries) print(io, e);
    });
}
