import { readFile } from 'node:fs/promises';
import type { RuleProblem } from '@wxkit/core';
import { checkMenu } from '@wxkit/core/rules';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { DEFAULT_CONFIG_FILE, loadMenu, loadPlatform } from '../config.js';
import { CliExit, type CliIO } from '../io.js';

const isYaml = (file: string) => /\.ya?ml$/i.test(file);

/**
 * The one menu file shape is the platform's `{ button: [...] }` (what `menu pull` writes); a file that wraps it in
 * `menu:` (the config's section, or an older pull) is read as the menu inside.
 */
export function unwrapMenu(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value) || 'button' in value) return value;
  const inner = (value as { menu?: unknown }).menu;
  return inner && typeof inner === 'object' && 'button' in inner ? inner : value;
}

/** Reads a menu definition from JSON or YAML (by extension); exit 2 when it cannot be read or parsed. */
export async function readMenuDefinition(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CliExit(`wxkit menu: cannot read ${file}`, 2);
  }
  try {
    return unwrapMenu(isYaml(file) ? parse(text) : JSON.parse(text));
  } catch (error) {
    throw new CliExit(
      `wxkit menu: ${file} is not valid ${isYaml(file) ? 'YAML' : 'JSON'}: ${(error as Error).message}`,
      2,
    );
  }
}

/** The shared `menu` group: whoever registers first creates it, the others add their subcommands to it. */
export function menuGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'menu') ??
    program.command('menu').description('custom menus: validate, push, pull, diff')
  );
}

function report(io: CliIO, file: string, platform: 'wecom' | 'oa', problems: RuleProblem[], json: boolean) {
  // The JSON keeps its `path` key (the CLI's output contract) for core's `field`.
  const listed = problems.map(({ field, message, errcode }) => ({ path: field, message, errcode }));
  if (json) io.out(JSON.stringify({ ok: problems.length === 0, platform, problems: listed }));
  else if (problems.length === 0)
    io.out(`✓ ${file} is a valid ${platform === 'wecom' ? 'WeCom' : 'Official Account'} menu`);
  else for (const p of listed) io.out(`✗ ${p.path}: ${p.message} (errcode ${p.errcode})`);
  if (problems.length > 0) throw new CliExit(json ? '' : `${problems.length} problem(s) in ${file}`, 1);
}

/**
 * `wxkit menu validate [file] --platform wecom|oa`: every problem with its path; exit 1 when there are any.
 * Without a file, the config's `menu:` section is checked.
 */
export function register(program: Command, io: CliIO): void {
  const menu = menuGroup(program);
  // Registered once, whichever command file of the group gets there first.
  if (menu.commands.some((c) => c.name() === 'validate')) return;
  menu
    .command('validate')
    .description('check a menu definition against the platform rules; exits 1 listing every problem')
    .argument(
      '[file]',
      `menu as JSON or YAML ({ button: [...] }); default: the menu in ${DEFAULT_CONFIG_FILE}`,
    )
    .option('--platform <platform>', `wecom or oa (default: platform in ${DEFAULT_CONFIG_FILE})`)
    .option('--config <file>', 'where to read the platform from', DEFAULT_CONFIG_FILE)
    .option('--json', 'print { ok, platform, problems } as JSON')
    .action(async (file: string | undefined, o: { platform?: string; config: string; json?: boolean }) => {
      const platform = o.platform ?? (await loadPlatform(io, o.config));
      if (platform !== 'wecom' && platform !== 'oa')
        throw new CliExit(
          `wxkit menu validate: pass --platform wecom or oa${o.platform ? '' : ` (no platform in ${o.config})`}`,
          2,
        );
      const definition = file ? await readMenuDefinition(file) : await loadMenu(io, o.config);
      report(io, file ?? o.config, platform, checkMenu(definition, platform), o.json === true);
    });
}
