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
