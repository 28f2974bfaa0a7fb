import type { Platform } from '../contract/platform.js';

export interface Explanation {
  errcode: number;
  platform: Platform | 'both';
  meaning: string;
  causes: string[];
  fix: string;
}

export type CatalogEntry = Omit<Explanation, 'errcode' | 'platform'>;
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
