import { readFile } from 'node:fs/promises';
import { validateMenu } from '@wxkit/core';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { CliExit, type CliIO } from '../io.js';

export async function readMenuFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CliExit(`wxkit menu: cannot read ${file}`, 2);
  }
  try {
    return /\.ya?ml$/i.test(file) ? parse(text) : JSON.parse(text);
  } catch (error) {
    throw new CliExit(
      `wxkit menu: ${file} is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(error as Error).message}`,
      2,
    );
  }
}

export function register(program: Command, io: CliIO): void {
  const menu =
    program.commands.find((c) => c.name() === 'menu') ??
    program.command('menu').description('custom menus: validate');
  menu
    .command('validate')
    .description('check a menu definition against the platform rules; exits 1 listing every problem')
    .argument('<file>', 'menu as JSON or YAML ({ button: [...] })')
    .requiredOption('--platform <platform>', 'wecom or oa')
    .option('--json', 'print the problems as JSON')
    .action(async (file: string, o: { platform: string; json?: boolean }) => {
      if (o.platform !== 'wecom' && o.platform !== 'oa')
        throw new CliExit('wxkit menu validate: --platform is wecom or oa', 2);
      const problems = validateMenu(await readMenuFile(file), o.platform);
      if (o.json) io.out(JSON.stringify({ ok: problems.length === 0, problems }));
      else if (problems.length === 0)
        io.out(`✓ ${file} is a valid ${o.platform === 'wecom' ? 'WeCom' : 'Official Account'} menu`);
      else for (const p of problems) io.out(`✗ ${p.path}: ${p.message} (errcode ${p.errcode})`);
      if (problems.length > 0) throw new CliExit(o.json ? '' : `${problems.length} problem(s)`, 1);
    });
}
