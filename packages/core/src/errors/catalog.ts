import type { Platform } from '../contract/platform.js';
import { CATALOG_ZH, PLATFORM_ERRMSG } from './catalog-zh.js';
import { ACCESS_CODES } from './codes-access.js';
import { CONTACT_CODES } from './codes-contacts.js';
import { CREDENTIAL_CODES } from './codes-credentials.js';
import { CRYPTO_CODES } from './codes-crypto.js';
import { DOMAIN_CODES } from './codes-domains.js';
import { MEDIA_CODES } from './codes-media.js';
import { MENU_CODES } from './codes-menus.js';
import { MESSAGE_CODES } from './codes-messages.js';
import { OA_FOLLOWER_CODES } from './codes-oa-followers.js';
import { OA_MESSAGE_CODES } from './codes-oa-messages.js';
import { OA_SUBSCRIBE_CODES } from './codes-oa-subscribe.js';
import { OAUTH_CODES } from './codes-oauth.js';
import { REQUEST_CODES } from './codes-request.js';
import { SUITE_CODES } from './codes-suites.js';
import type { CatalogLang, CatalogRows, CatalogEntry as Entry, Explanation } from './entry.js';

export type { CatalogLang, Explanation } from './entry.js';

/**
 * The catalog by concept, one file each. Facts from the platforms' error tables (WeCom doc 90313, OA global return
 * codes) and practitioners' reports. A code has one home: `catalog.test.ts` fails when two parts define the same
 * code for the same platform (a later part would silently replace the earlier entry).
 */
export const CATALOG_PARTS: Readonly<Record<string, CatalogRows>> = {
  credentials: CREDENTIAL_CODES,
  oauth: OAUTH_CODES,
  access: ACCESS_CODES,
  request: REQUEST_CODES,
  domains: DOMAIN_CODES,
  menus: MENU_CODES,
  messages: MESSAGE_CODES,
  contacts: CONTACT_CODES,
  media: MEDIA_CODES,
  oaFollowers: OA_FOLLOWER_CODES,
  oaMessages: OA_MESSAGE_CODES,
  // Official Account subscription notifications (订阅通知).
  oaSubscribe: OA_SUBSCRIBE_CODES,
  suites: SUITE_CODES,
  crypto: CRYPTO_CODES,
};

// Rows of one code from different parts merge per platform (a code may mean one thing on WeCom, another on OA).
const CATALOG: CatalogRows = {};
for (const part of Object.values(CATALOG_PARTS))
  for (const [code, row] of Object.entries(part))
    CATALOG[Number(code)] = { ...CATALOG[Number(code)], ...row };

export interface ExplainOptions {
  /** `zh` for Chinese where the catalog has it (the answer's `lang` says which it got); default English. */
  lang?: CatalogLang;
}

/** The entry in the asked language (English where it has no translation), with the platform's own errmsg. */
function entryOf(errcode: number, p: Platform | 'both', entry: Entry | undefined, lang?: CatalogLang) {
  if (!entry) return undefined;
  const zh = lang === 'zh' ? CATALOG_ZH[errcode]?.[p] : undefined;
  const messages = PLATFORM_ERRMSG[errcode];
  const errmsg = p === 'both' ? (messages?.wecom ?? messages?.oa) : messages?.[p];
  return {
    errcode,
    platform: p,
    ...(zh ?? entry),
    ...(errmsg ? { errmsg } : {}),
    ...(lang ? { lang: zh ? 'zh' : 'en' } : {}),
  } satisfies Explanation;
}

/** What an errcode means on a platform, its likely causes and the fix; undefined when unknown. */
export function explain(
  errcode: number,
  platform?: Platform,
  options: ExplainOptions = {},
): Explanation | undefined {
  const row = CATALOG[errcode];
  if (!row) return undefined;
  const pick = (p: Platform | 'both') => entryOf(errcode, p, row[p], options.lang);
  if (platform) return pick(platform) ?? pick('both');
  return pick('both') ?? pick('wecom') ?? pick('oa');
}

/** Every catalog entry, one per platform where the platforms differ. */
export function listExplanations(options: ExplainOptions = {}): Explanation[] {
  return Object.entries(CATALOG).flatMap(([code, row]) =>
    (['both', 'wecom', 'oa'] as const).flatMap((p) => {
      const entry = entryOf(Number(code), p, row[p], options.lang);
      return entry ? [entry] : [];
    }),
  );
}
