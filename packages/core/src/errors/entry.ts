import type { Platform } from '../contract/platform.js';

export interface Explanation {
  errcode: number;
  platform: Platform | 'both';
  meaning: string;
  causes: string[];
  fix: string;
  /** The platform's own errmsg for the code, where it is known (`invalid code`). */
  errmsg?: string;
  /** The language of meaning, causes and fix: set when a language was asked for (English where no translation). */
  lang?: CatalogLang;
}

/** The catalog's languages: English, and Chinese (zh) for the codes translated so far. */
export type CatalogLang = 'en' | 'zh';

export type CatalogEntry = Pick<Explanation, 'meaning' | 'causes' | 'fix'>;
/** One errcode: a shared entry, or one per platform where the platforms give the code different meanings. */
export type CatalogRow = { both?: CatalogEntry; wecom?: CatalogEntry; oa?: CatalogEntry };
export type CatalogRows = Record<number, CatalogRow>;

/** A row for a code only WeCom uses (or uses with this meaning). */
export const wecom = (meaning: string, causes: string[], fix: string): CatalogRow => ({
  wecom: { meaning, causes, fix },
});
/** A row for a code only the Official Account platform uses (or uses with this meaning). */
export const oa = (meaning: string, causes: string[], fix: string): CatalogRow => ({
  oa: { meaning, causes, fix },
});
/** A row whose meaning is the same on both platforms. */
export const both = (meaning: string, causes: string[], fix: string): CatalogRow => ({
  both: { meaning, causes, fix },
});
