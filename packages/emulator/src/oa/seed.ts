import { type Check, checkDomains, isText } from '../seed-check.js';
import { checkMessagesPart, type SeedMessagesPart } from './messages/seed.js';
import { checkSubscribeTemplates, type SeedSubscribeTemplate } from './subscribe/seed.js';
import { checkFollowers, type SeedFollower } from './users/seed.js';

/**
 * The Official Accounts of the seed (`officialAccounts:`): the account itself (credentials, domains); its
 * followers, templates and subscription templates are the parts of oa/users, oa/messages and oa/subscribe.
 * `seed.ts` calls {@link normaliseAccounts} and {@link checkAccounts}.
 */
export interface SeedOfficialAccount extends SeedMessagesPart {
  appId: string;
  name?: string;
  secret: string;
  oauthDomains: string[];
  jsDomains: string[];
  ipWhitelist: string[];
  followers: SeedFollower[];
  /** Subscription notifications (oa-subscribe): the account's 订阅通知 templates (wxaapi/newtmpl/gettemplate). */
  subscribeTemplates?: SeedSubscribeTemplate[];
}

/** Fills an account's defaults: JS domains from the OAuth ones, no IP whitelist, no followers. */
export function normaliseAccounts(raw: Partial<SeedOfficialAccount>[] | undefined): SeedOfficialAccount[] {
  return (raw ?? []).map(
    (oa) =>
      ({
        ...oa,
        oauthDomains: oa.oauthDomains ?? [],
        jsDomains: oa.jsDomains ?? oa.oauthDomains ?? [],
        ipWhitelist: oa.ipWhitelist ?? [],
        followers: oa.followers ?? [],
      }) as SeedOfficialAccount,
  );
}

/** Every account of `officialAccounts:`, each problem with its path (`officialAccounts[0].followers[1].openid`). */
export function checkAccounts(accounts: SeedOfficialAccount[], check: Check): void {
  for (const [o, oa] of (accounts ?? []).entries()) {
    const at = `officialAccounts[${o}]`;
    check(isText(oa.appId), `${at}.appId`, 'required (wx…)');
    check(isText(oa.secret), `${at}.secret`, 'required');
    checkDomains(check, oa.oauthDomains, `${at}.oauthDomains`);
    checkDomains(check, oa.jsDomains, `${at}.jsDomains`);
    checkFollowers(oa.followers, at, check);
    checkMessagesPart(oa, at, check);
    checkSubscribeTemplates(oa.subscribeTemplates, at, check);
  }
}
