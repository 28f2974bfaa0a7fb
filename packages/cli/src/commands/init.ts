import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { appFiles, FRAMEWORKS, isFramework, packageName, tarballSpecs } from '../app-template.js';
import { DEFAULT_CONFIG_FILE } from '../config.js';
import { CONFIG, LOCAL_SECRET, SEED, SEED_FILE } from '../init-files.js';
import { CliExit, type CliIO } from '../io.js';

interface Options {
  platform: string;
  framework: string;
  packages?: string;
  force?: boolean;
  json?: boolean;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

export function register(program: Command, io: CliIO): void {
  program
    .command('init')
    .description(
      `write a runnable app (server with login, /api/me and the JS-SDK config, a page, a test), ${DEFAULT_CONFIG_FILE} and ${SEED_FILE}`,
    )
    .option('--platform <platform>', 'wecom (a WeCom self-built app) or oa (an Official Account)', 'wecom')
    .option(
      '--framework <name>',
      `${FRAMEWORKS.join(', ')}, or none (the config and the seed only)`,
      'express',
    )
    .option(
      '--packages <dir>',
      'depend on the wxkit tarballs in this folder (npm pack of each package) instead of the registry',
    )
    .option('--force', 'overwrite existing files')
    .option('--json', 'print { ok, platform, framework, files, next } as JSON')
    .action(async (o: Options) => {
      if (o.platform !== 'wecom' && o.platform !== 'oa')
        throw new CliExit('wxkit init: --platform is wecom or oa', 2);
      if (o.framework !== 'none' && !isFramework(o.framework))
        throw new CliExit(`wxkit init: --framework is one of ${FRAMEWORKS.join(', ')} or none`, 2);
      const platform = o.platform;
      let specs: Record<string, string> = {};
      if (o.packages)
        try {
          specs = await tarballSpecs(o.packages, io.cwd);
        } catch (error) {
          throw new CliExit(`wxkit init: ${(error as Error).message}`, 2);
        }
      const files: [string, string][] = [
        [DEFAULT_CONFIG_FILE, CONFIG[platform]],
        [SEED_FILE, SEED[platform]],
        ...(isFramework(o.framework)
          ? await appFiles(o.framework, platform, packageName(io.cwd), specs)
          : []),
      ];
      const taken: string[] = [];
      for (const [file] of files) if (await exists(join(io.cwd, file))) taken.push(file);
      if (taken.length > 0 && !o.force)
        throw new CliExit(`wxkit init: ${taken.join(', ')} exist(s); pass --force to overwrite`, 1);
      for (const [file, body] of files) {
        await mkdir(dirname(join(io.cwd, file)), { recursive: true });
        await writeFile(join(io.cwd, file), body);
      }
      const variable = platform === 'wecom' ? 'WECOM_SECRET' : 'OA_SECRET';
      const next =
        o.framework === 'none'
          ? [
              'wxkit dev --app "<the command that starts your app>"   (emulator with the seed; the app gets PORT, WXKIT_EMULATOR_HOST and the seed\'s credentials)',
              `${variable}=${LOCAL_SECRET} WXKIT_EMULATOR_HOST=127.0.0.1:4100 wxkit doctor   (in another terminal)`,
            ]
          : [
              'npm install',
              "npm run dev      (the emulator and the app, with the seed's credentials; open the console it prints)",
              'npm test         (the generated test: a member logs in, /api/me, the JS-SDK config)',
            ];
      if (o.json)
        return io.out(
          JSON.stringify({ ok: true, platform, framework: o.framework, files: files.map(([f]) => f), next }),
        );
      for (const [file] of files) io.out(`wrote ${file}`);
      io.out(`next: ${next.join('\n      ')}`);
    });
}
