import { type Check, checkDomains, isList, isText } from '../seed-check.js';
import { checkDirectory, normaliseDirectory, type SeedDirectory } from './contacts/seed.js';

/**
 * The corps of the seed (`wecom:`): each corp, its apps and the contacts-sync secret; the directory (departments,
 * members, tags) is the contacts feature's part (contacts/seed.ts). `seed.ts` calls {@link normaliseCorps} and
 * {@link checkCorps}.
 */

export interface SeedApp {
  agentId: number;
  name: string;
  secret: string;
  /** host[:port], compared exactly with the redirect_uri host. */
  trustedDomains: string[];
  webLoginDomains: string[];
  homeUrl?: string;
  /** Empty: any caller IP. */
  allowedIps: string[];
  visibleTo: { departments?: number[]; users?: string[] };
  callback?: { url: string; token: string; encodingAESKey: string };
  menu?: { button: unknown[] };
}

export interface SeedCorp extends SeedDirectory {
  corpId: string;
  name: string;
  apps: SeedApp[];
  /**
   * The secret of 管理工具 → 通讯录同步: its gettoken token sees the whole directory and is the only one
   * user/list_id takes (doc 96067).
   */
  contactSyncSecret?: string;
}

/** Fills a corp's defaults: its name, the root department, each app's domains, IPs and visible range. */
export function normaliseCorps(raw: Partial<SeedCorp>[] | undefined): SeedCorp[] {
  return (raw ?? []).map(
    (corp) =>
      ({
        ...corp,
        name: corp.name ?? corp.corpId,
        ...normaliseDirectory(corp),
        apps: (corp.apps ?? []).map((app) => ({
          ...app,
          name: app.name ?? `app ${app.agentId}`,
          trustedDomains: app.trustedDomains ?? [],
          webLoginDomains: app.webLoginDomains ?? app.trustedDomains ?? [],
          allowedIps: app.allowedIps ?? [],
          visibleTo: app.visibleTo ?? { departments: [1] },
        })),
      }) as SeedCorp,
  );
}

/** Every corp of `wecom:`, each problem with its path (`wecom[0].apps[1].secret`). */
export function checkCorps(corps: SeedCorp[], check: Check): void {
  for (const [c, corp] of (corps ?? []).entries()) {
    const at = `wecom[${c}]`;
    check(isText(corp.corpId), `${at}.corpId`, 'required (ww…)');
    checkDirectory(corp, at, check);
    if (corp.contactSyncSecret !== undefined)
      check(
        isText(corp.contactSyncSecret) && !(corp.apps ?? []).some((a) => a.secret === corp.contactSyncSecret),
        `${at}.contactSyncSecret`,
        "a secret of its own (not an app's)",
      );
    for (const [a, app] of (corp.apps ?? []).entries()) checkApp(app, `${at}.apps[${a}]`, check);
  }
}

function checkApp(app: SeedApp, ap: string, check: Check): void {
  check(Number.isInteger(app.agentId) && app.agentId > 0, `${ap}.agentId`, 'a positive integer');
  check(isText(app.secret), `${ap}.secret`, 'required');
  checkDomains(check, app.trustedDomains, `${ap}.trustedDomains`);
  checkDomains(check, app.webLoginDomains, `${ap}.webLoginDomains`);
  check(isList(app.allowedIps), `${ap}.allowedIps`, 'a list of IPs ([] = any)');
  if (!app.callback) return;
  check(/^https?:\/\//.test(app.callback.url ?? ''), `${ap}.callback.url`, 'an http(s) URL');
  check(
    /^[A-Za-z0-9]{1,32}$/.test(app.callback.token ?? ''),
    `${ap}.callback.token`,
    '1-32 letters or digits',
  );
  check(
    /^[A-Za-z0-9]{43}$/.test(app.callback.encodingAESKey ?? ''),
    `${ap}.callback.encodingAESKey`,
    'exactly 43 letters or digits',
  );
}
