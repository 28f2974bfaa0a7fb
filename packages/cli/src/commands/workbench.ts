import { readFile } from 'node:fs/promises';
import type { WorkbenchTemplate } from '@wxkit/core';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config.js';
import { CliExit, type CliIO } from '../io.js';
import { weComClientFor } from '../platform.js';

const INSTEAD =
  'An Official Account has no workbench; its entry points are the menu (wxkit menu push) and links.';

/** workbench show | set: the app's home page and its workbench template (image, list, keydata, webview, normal). */
export function register(program: Command, io: CliIO): void {
  const workbench = program
    .command('workbench')
    .description("the app's workbench entry: home page and template");
  workbench
    .command('show')
    .description('the home page, trusted domain and workbench template the platform has')
    .option('--config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--json', 'print JSON')
    .action(async (o: { config: string; json?: boolean }) => {
      const client = weComClientFor(await loadConfig(io, o.config), io, 'workbench', INSTEAD);
      const [agent, template] = await Promise.all([client.agent.get(), client.workbench.getTemplate()]);
      const view = {
        name: agent.name,
        homeUrl: agent.home_url,
        redirectDomain: agent.redirect_domain,
        template,
      };
      if (o.json) return io.out(JSON.stringify({ ok: true, platform: 'wecom', ...view }));
      io.out(
        `${view.name}\n  home page: ${view.homeUrl || '(none: tapping the app opens its message list)'}\n  trusted domain: ${view.redirectDomain || '—'}\n  workbench template: ${template.type}`,
      );
      io.out(
        '  (list or grid arrangement is chosen in the admin console, 工作台 → 应用排列, not through the API)',
      );
    });
  workbench
    .command('set')
    .description('set the home page and/or a workbench template from a JSON/YAML file')
    .option('--config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--home-url <url>', 'the page opened when the app is tapped (工作台应用主页)')
    .option('--template <file>', 'a template: { type: list, list: { items: [...] } } and so on')
    .option('--replace-user-data', "overwrite every member's own data")
    .option('--json', 'print { ok, homeUrl, template } as JSON')
    .action(
      async (o: {
        config: string;
        homeUrl?: string;
        template?: string;
        replaceUserData?: boolean;
        json?: boolean;
      }) => {
        if (!o.homeUrl && !o.template)
          throw new CliExit('wxkit workbench set: pass --home-url and/or --template', 2);
        const client = weComClientFor(await loadConfig(io, o.config), io, 'workbench', INSTEAD);
        let template: WorkbenchTemplate | undefined;
        if (o.template) {
          const text = await readFile(o.template, 'utf8').catch(() => {
            throw new CliExit(`wxkit workbench set: cannot read ${o.template}`, 2);
          });
          try {
            template = parse(text) as WorkbenchTemplate;
          } catch (error) {
            throw new CliExit(
              `wxkit workbench set: ${o.template} is not valid YAML: ${(error as Error).message}`,
              2,
            );
          }
        }
        if (o.homeUrl) await client.agent.set({ home_url: o.homeUrl });
        if (template)
          await client.workbench.setTemplate(template, { replaceUserData: o.replaceUserData === true });
        if (o.json)
          return io.out(
            JSON.stringify({ ok: true, platform: 'wecom', homeUrl: o.homeUrl, template: o.template }),
          );
        if (o.homeUrl) io.out(`✓ home page set to ${o.homeUrl}`);
        if (o.template) io.out(`✓ workbench template set from ${o.template}`);
      },
    );
}
