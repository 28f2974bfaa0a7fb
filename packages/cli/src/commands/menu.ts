import { diffMenu, type MenuChange, type OaMenu, type WeComMenu } from '@wxkit/core';
import { checkMenu } from '@wxkit/core/rules';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config.js';
import { CliExit, type CliIO } from '../io.js';
import { clientFor, type PlatformClient } from '../platform.js';
import { menuGroup, readMenuDefinition } from './menu-validate.js';

const describe = (c: MenuChange) =>
  c.kind === 'changed'
    ? `~ ${c.path}: ${JSON.stringify(c.remote)} → ${JSON.stringify(c.local)}`
    : `${c.kind === 'added' ? '+' : '-'} ${c.path}: ${JSON.stringify(c.kind === 'added' ? c.local : c.remote)}`;

interface Options {
  config: string;
  file?: string;
  json?: boolean;
}

/** The menu the platform has for the app, whichever platform it is on. */
const remoteMenu = (p: PlatformClient) =>
  p.platform === 'wecom' ? p.client.menu.get() : p.client.menu.get();
const createMenu = (p: PlatformClient, menu: WeComMenu | OaMenu) =>
  p.platform === 'wecom' ? p.client.menu.create(menu as WeComMenu) : p.client.menu.create(menu as OaMenu);

/** menu push | pull | diff: the app's menu on the platform against a local definition (the config's `menu`, or --file). */
export function register(program: Command, io: CliIO): void {
  const menu = menuGroup(program);
  const local = async (o: Options) => {
    const config = await loadConfig(io, o.config);
    const definition = o.file ? await readMenuDefinition(o.file) : config.menu;
    if (!definition) throw new CliExit(`wxkit menu: no menu in ${o.config}; add one or pass --file`, 2);
    const problems = checkMenu(definition, config.platform);
    if (problems.length > 0)
      throw new CliExit(
        `wxkit menu: the local menu is invalid:\n${problems.map((p) => `  ✗ ${p.field}: ${p.message} (errcode ${p.errcode})`).join('\n')}`,
        1,
      );
    return { p: clientFor(config, io), definition: definition as WeComMenu | OaMenu };
  };
  const common = (c: Command) =>
    c
      .option('--config <file>', 'config file', DEFAULT_CONFIG_FILE)
      .option('--file <file>', 'menu JSON/YAML instead of the config')
      .option('--json', 'print JSON');

  common(menu.command('diff').description('what `menu push` would change')).action(async (o: Options) => {
    const { p, definition } = await local(o);
    const changes = diffMenu(definition, await remoteMenu(p));
    if (o.json) io.out(JSON.stringify({ ok: true, platform: p.platform, changes }));
    else
      io.out(
        changes.length === 0 ? '✓ the platform already has this menu' : changes.map(describe).join('\n'),
      );
  });

  common(menu.command('push').description('validate the local menu and create it on the platform')).action(
    async (o: Options) => {
      const { p, definition } = await local(o);
      const changes = diffMenu(definition, await remoteMenu(p));
      if (changes.length > 0) await createMenu(p, definition);
      io.out(
        o.json
          ? JSON.stringify({ ok: true, platform: p.platform, pushed: changes.length > 0, changes })
          : changes.length === 0
            ? '✓ nothing to push'
            : `✓ pushed (${changes.length} change(s))`,
      );
    },
  );

  menu
    .command('pull')
    .description(
      'print the menu the platform has as { button: [...] } YAML, the shape validate and push --file read',
    )
    .option('--config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--json', 'print { ok, platform, menu } as JSON')
    .action(async (o: Options) => {
      const p = clientFor(await loadConfig(io, o.config), io);
      const remote = await remoteMenu(p);
      if (!remote) throw new CliExit('wxkit menu pull: the app has no menu (46003)', 1);
      io.out(o.json ? JSON.stringify({ ok: true, platform: p.platform, menu: remote }) : stringify(remote));
    });
}
