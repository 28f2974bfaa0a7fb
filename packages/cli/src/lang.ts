import type { CatalogLang } from '@wxkit/core';
import { CliExit, type CliIO } from './io.js';

export type Lang = CatalogLang;

/**
 * The language of diagnostics: `--lang`, else the locale (LC_ALL, then LC_MESSAGES, then LANG, as gettext reads
 * them): zh_CN.UTF-8, zh_TW, zh → Chinese; anything else → English.
 */
export function langOf(io: CliIO, option: string | undefined): Lang {
  if (option !== undefined) {
    if (option === 'zh' || option === 'en') return option;
    throw new CliExit(`wxkit: --lang is zh or en, got "${option}"`, 2);
  }
  const locale = io.env['LC_ALL'] || io.env['LC_MESSAGES'] || io.env['LANG'] || '';
  return /^zh([_.-]|$)/i.test(locale) ? 'zh' : 'en';
}

/** The text in the language: `say(lang, 'English', '中文')`. */
export const say = (lang: Lang, en: string, zh: string) => (lang === 'zh' ? zh : en);

export const LANG_OPTION = ['--lang <lang>', 'zh or en (default: from LC_ALL / LC_MESSAGES / LANG)'] as const;
