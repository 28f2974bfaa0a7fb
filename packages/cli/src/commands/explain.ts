import { type Explanation, explain, listExplanations, type Platform } from '@wxkit/core';
import type { Command } from 'commander';
import { CliExit, type CliIO } from '../io.js';
import { LANG_OPTION, type Lang, langOf, say } from '../lang.js';

const PLATFORM_NAME = {
  en: { both: 'WeCom and Official Account', wecom: 'WeCom', oa: 'Official Account' },
  zh: { both: '企业微信和公众号', wecom: '企业微信', oa: '公众号' },
} as const;

function print(io: CliIO, lang: Lang, e: Explanation): void {
  const name = PLATFORM_NAME[lang][e.platform];
  io.out(say(lang, `${e.errcode} (${name}): ${e.meaning}`, `${e.errcode}（${name}）：${e.meaning}`));
  if (e.errmsg) io.out(say(lang, `  the platform says: ${e.errmsg}`, `  平台返回：${e.errmsg}`));
  for (const cause of e.causes) io.out(`  - ${cause}`);
  io.out(say(lang, `  fix: ${e.fix}`, `  解决：${e.fix}`));
  if (lang === 'zh' && e.lang === 'en') io.out('  （此错误码尚无中文说明，以上为英文）');
}

export function register(program: Command, io: CliIO): void {
  program
    .command('explain')
    .description('what an errcode means, its likely causes and the fix (both platforms where they differ)')
    .argument('<errcode>', 'e.g. 40029 or -40001')
    .option('--platform <platform>', 'wecom or oa (both by default)')
    .option(...LANG_OPTION)
    .option('--json', 'print JSON')
    .action((code: string, o: { platform?: string; lang?: string; json?: boolean }) => {
      const errcode = Number(code);
      if (!/^-?\d+$/.test(code.trim()) || !Number.isSafeInteger(errcode))
        throw new CliExit(`wxkit explain: "${code}" is not an errcode (a whole number like 40029)`, 2);
      if (o.platform !== undefined && o.platform !== 'wecom' && o.platform !== 'oa')
        throw new CliExit('wxkit explain: --platform is wecom or oa', 2);
      const lang = langOf(io, o.lang);
      const all = listExplanations({ lang }).filter((e) => e.errcode === errcode);
      if (all.length === 0)
        throw new CliExit(
          say(
            lang,
            `wxkit explain: ${errcode} is not in the catalog; check the platform's error table (WeCom: developer.work.weixin.qq.com/document/path/90313)`,
            `wxkit explain：${errcode} 不在错误码目录中；请查平台的全局错误码（企业微信：developer.work.weixin.qq.com/document/path/90313）`,
          ),
          1,
        );
      const asked = o.platform ? explain(errcode, o.platform as Platform, { lang }) : undefined;
      const entries = o.platform ? (asked ? [asked] : all) : all;
      if (o.json) return io.out(JSON.stringify(entries.length === 1 ? entries[0] : entries));
      if (o.platform && !asked) {
        const name = PLATFORM_NAME[lang][o.platform as Platform];
        io.out(
          say(
            lang,
            `${errcode} is not a ${name} code; on the other platform:`,
            `${errcode} 不是${name}的错误码；另一平台上：`,
          ),
        );
      }
      for (const e of entries) print(io, lang, e);
    });
}
