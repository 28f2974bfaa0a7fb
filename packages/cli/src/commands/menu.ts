import { diffMenu, type MenuChange, validateMenu, type WeComMenu } from '@wxkit/core';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { clientFor, DEFAULT_CONFIG_FILE, loadConfig } from '../config.js';
import { CliExit, type CliIO } from '../io.js';
import { readMenuDefinition } from './menu-validate.js';

const describe = (c: MenuChange) =>
  c.kind === 'changed'
    ? `~ ${c.path}: ${JSON.stringify(c.remote)} → ${JSON.stringify(c.local)}`
    : `${c.kind === 'added' ? '+' : '-'} ${c.path}: ${JSON.stringify(c.kind === 'added' ? c.local : c.remote)}`;

interface Options {
  config: string;
  file?: string;
  json?: boolean;
}

/** menu push | pull | diff: the app's menu on the platform against a local definition (the config's `menu`, or --file). */
export function register(program: Command, io: CliIO): void {
  const menu =
    program.commands.find((c) => c.name() === 'menu') ?? program.command('menu').description('custom menus');
  const local = async (o: Options) => {
    const config = await loadConfig(io, o.config);
    const definition = o.file ? await readMenuDefinition(o.file) : config.menu;
    if (!definition) throw new CliExit(`wxkit menu: no menu in ${o.config}; add one or pass --file`, 2);
    const problems = validateMenu(definition, 'wecom');
    if (problems.length > 0)
      throw new CliExit(
        `wxkit menu: the local menu is invalid:\n${problems.map((p) => `  ✗ ${p.path}: ${p.message} (errcode ${p.errcode})`).join('\n')}`,
        1,
      );
    return { config, definition: definition as WeComMenu };
  };
  const common = (c: Command) =>
    c
      .option('--config <file>', 'config file', DEFAULT_CONFIG_FILE)
      .option('--file <file>', 'menu JSON/YAML instead of the config')
      .option('--json', 'print JSON');

  common(menu.command('diff').description('what `menu push` would change')).action(async (o: Options) => {
    const { config, definition } = await local(o);
    const changes = diffMenu(definition, await clientFor(config, io).menu.get());
    if (o.json) io.out(JSON.stringify({ changes }));
    else
      io.out(
        changes.length === 0 ? '✓ the platform already has this menu' : changes.map(describe).join('\n'),
      );
  });

  common(menu.command('push').description('validate the local menu and create it on the platform')).action(
    async (o: Options) => {
      const { config, definition } = await local(o);
      const client = clientFor(config, io);
      const changes = diffMenu(definition, await client.menu.get());
      if (changes.length > 0) await client.menu.create(definition);
      io.out(
        o.json
          ? JSON.stringify({ pushed: changes.length > 0, changes })
          : changes.length === 0
            ? '✓ nothing to push'
            : `✓ pushed (${changes.length} change(s))`,
      );
    },
  );

  menu
    .command('pull')
    .description('print the menu the platform has, as YAML (or JSON)')
    .option('--config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--json', 'print JSON')
    .action(async (o: Options) => {
      const remote = await clientFor(await loadConfig(io, o.config), io).menu.get();
      if (!remote) throw new CliExit('wxkit menu pull: the app has no menu (46003)', 1);
      io.out(o.json ? JSON.stringify(remote) : stringify({ menu: remote }));
    });
}
