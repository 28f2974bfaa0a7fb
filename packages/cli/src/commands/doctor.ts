import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config.js';
import { type Check, diagnose } from '../doctor.js';
import { CliExit, type CliIO } from '../io.js';
import { LANG_OPTION, type Lang, langOf, say } from '../lang.js';
import { PLATFORM_NAME } from '../platform.js';
import { diagnoseProvider } from '../provider-doctor.js';
import { openStore } from '../store-open.js';

const MARK = { ok: '✓', problem: '✗', skipped: '–' } as const;

interface Options {
  config: string;
  lang?: string;
  json?: boolean;
  provider?: boolean;
  suite?: string;
  store?: string;
  commandsUrl?: string;
  dataUrl?: string;
}

/** A service provider's app: the suite and store from flags or WXKIT_*, secrets from the environment only. */
async function providerReport(io: CliIO, o: Options) {
  const suiteId = o.suite ?? io.env['WXKIT_SUITE_ID'];
  const where = o.store ?? io.env['WXKIT_STORE'];
  if (!suiteId)
    throw new CliExit('wxkit doctor --provider: pass --suite <suiteId> (or set WXKIT_SUITE_ID)', 2);
  if (!where)
    throw new CliExit(
      'wxkit doctor --provider: pass --store redis://… or a file path (or set WXKIT_STORE)',
      2,
    );
  const { store, close } = await openStore(io, where);
  const env = (name: string) => io.env[name] || undefined;
  const optional = {
    suiteSecret: env('WXKIT_SUITE_SECRET'),
    token: env('WXKIT_SUITE_TOKEN'),
    encodingAESKey: env('WXKIT_SUITE_AES_KEY'),
    providerCorpId: env('WXKIT_PROVIDER_CORPID'),
    commandsUrl: o.commandsUrl,
    dataUrl: o.dataUrl,
  };
  try {
    return await diagnoseProvider({
      suiteId,
      store,
      env: io.env,
      ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    });
  } finally {
    await close();
  }
}

function print(io: CliIO, lang: Lang, title: string, checks: Check[]) {
  io.out(title);
  for (const c of checks) {
    io.out(`${MARK[c.status]} ${c.name}: ${c.detail}`);
    if (c.fix) io.out(say(lang, `    fix: ${c.fix}`, `    解决：${c.fix}`));
  }
}

export function register(program: Command, io: CliIO): void {
  program
    .command('doctor')
    .description(
      'ask the platform about the app (token, IP allow-list, trusted domain, home page) and compare it with the config; check the verification file on the running app. --provider: a service provider suite (suite_ticket age, get_suite_token, callback URLs, tenants)',
    )
    .option('--config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option(...LANG_OPTION)
    .option('--json', 'print { ok, platform, checks } as JSON')
    .option(
      '--provider',
      'check a provider suite; secrets from WXKIT_SUITE_SECRET, WXKIT_SUITE_TOKEN, WXKIT_SUITE_AES_KEY, WXKIT_PROVIDER_CORPID',
    )
    .option('--suite <suiteId>', '--provider: the SuiteID; default $WXKIT_SUITE_ID')
    .option('--store <where>', '--provider: redis://… or a file store path; default $WXKIT_STORE')
    .option('--commands-url <url>', '--provider: the command URL (指令回调) to echo-check')
    .option('--data-url <url>', '--provider: the data URL (数据回调, with $CORPID$) to echo-check')
    .action(async (o: Options) => {
      const lang = langOf(io, o.lang);
      if (io.color) io.err(say(lang, 'asking the platform…', '正在询问平台…'));
      const report = o.provider
        ? await providerReport(io, o)
        : await diagnose(await loadConfig(io, o.config), io, fetch, undefined, lang);
      if (o.json) io.out(JSON.stringify(report));
      else if (report.platform === 'provider')
        print(io, lang, `Provider suite ${o.suite ?? io.env['WXKIT_SUITE_ID']}:`, report.checks);
      else print(io, lang, `${PLATFORM_NAME[report.platform]} app, ${o.config}:`, report.checks);
      const problems = report.checks.filter((c) => c.status === 'problem').length;
      if (problems > 0)
        throw new CliExit(
          o.json ? '' : say(lang, `${problems} problem(s) found`, `发现 ${problems} 个问题`),
          1,
        );
    });
}
