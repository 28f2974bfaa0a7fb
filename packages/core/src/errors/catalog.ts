import type { Platform } from '../contract/platform.js';
import { ACCESS_CODES } from './codes-access.js';
import { APP_AND_MENU_CODES } from './codes-apps-menus.js';
import { CREDENTIAL_CODES } from './codes-credentials.js';
import { CRYPTO_CODES } from './codes-crypto.js';
import { MEDIA_CODES } from './codes-media.js';
import { MESSAGE_CODES } from './codes-messages.js';
import { MORE_CODES } from './codes-more.js';
import type { CatalogRows, CatalogEntry as Entry, Explanation } from './entry.js';

export type { Explanation } from './entry.js';

// Facts from the platforms' error tables (WeCom doc 90313, OA global return codes) and practitioners' reports.
const CATALOG: CatalogRows = {
  ...CREDENTIAL_CODES,
  ...ACCESS_CODES,
  ...APP_AND_MENU_CODES,
  ...MORE_CODES,
  ...MEDIA_CODES,
  ...CRYPTO_CODES,
  ...MESSAGE_CODES,
};

/** What an errcode means on a platform, its likely causes and the fix; undefined when unknown. */
export function explain(errcode: number, platform?: Platform): Explanation | undefined {
  const row = CATALOG[errcode];
  if (!row) return undefined;
  const pick = (p: Platform | 'both', entry: Entry | undefined) =>
    entry ? { errcode, platform: p, ...entry } : undefined;
  if (platform) return pick(platform, row[platform]) ?? pick('both', row.both);
  return pick('both', row.both) ?? pick('wecom', row.wecom) ?? pick('oa', row.oa);
}

/** Every catalog entry, one per platform where the platforms differ. */
export function listExplanations(): Explanation[] {
  return Object.entries(CATALOG).flatMap(([code, row]) =>
    (['both', 'wecom', 'oa'] as const).flatMap((p) => {
      const entry = row[p];
      return entry ? [{ errcode: Number(code), platform: p, ...entry }] : [];
    }),
  );
}
