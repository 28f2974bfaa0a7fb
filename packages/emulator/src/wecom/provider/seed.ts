import type { Check } from '../../seed-check.js';

/**
 * The provider part of the seed (`providers:`): service providers (服务商), their suites (第三方应用) and 代开发
 * templates, and the corps of the seed that may install them. Declared here, beside the feature that uses it;
 * `seed.ts` only calls {@link normaliseProviders} and {@link checkProviders}.
 */

/** A third-party suite (第三方应用) or a 代开发 template: the same shape on the provider console. */
export interface SeedSuite {
  /** SuiteID (ww…/wx…) of a third-party app, or the templateid (dk…) of a 代开发 template. */
  suiteId: string;
  name: string;
  kind: 'third-party' | 'customized';
  secret: string;
  /** The callback Token and EncodingAESKey, shared by the command and data callbacks. */
  token: string;
  encodingAESKey: string;
  /** 指令回调 URL: suite_ticket and the authorisation events, receiveid = suite_id. */
  commandUrl: string;
  /** 数据回调 URL: the installed corps' events; `$CORPID$` is replaced with the corp id (receiveid = corp id). */
  dataUrl: string;
  homeUrl?: string;
  /** host[:port] of 可信域名 / 授权完成回调域名, compared exactly with redirect_uri hosts. */
  trustedDomains: string[];
  redirectDomains: string[];
  /** Corps of the seed that may install it; default every corp of the seed. */
  corps?: string[];
  /** Corps that have installed it when the emulator starts (tests). */
  installed?: string[];
}

export interface SeedProvider {
  /** The provider's own CorpID. */
  corpId: string;
  name?: string;
  secret: string;
  suites: SeedSuite[];
}

const list = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : undefined;

/** Fills the defaults of the provider part (kind from the id, redirect domains from the trusted ones). */
export function normaliseProviders(raw: unknown): SeedProvider[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return raw as SeedProvider[];
  return raw.map((p: Partial<SeedProvider>) => ({
    ...p,
    name: p.name ?? p.corpId,
    suites: (Array.isArray(p.suites) ? p.suites : []).map((s: Partial<SeedSuite>) => {
      const trusted = list(s.trustedDomains) ?? [];
      return {
        ...s,
        name: s.name ?? s.suiteId,
        kind: s.kind ?? (String(s.suiteId ?? '').startsWith('dk') ? 'customized' : 'third-party'),
        trustedDomains: trusted,
        redirectDomains: list(s.redirectDomains) ?? trusted,
        ...(s.corps !== undefined ? { corps: list(s.corps) } : {}),
        ...(s.installed !== undefined ? { installed: list(s.installed) } : {}),
      } as SeedSuite;
    }),
  })) as SeedProvider[];
}

const DOMAIN = /^[A-Za-z0-9.-]+(:\d+)?$/;

/** Checks the provider part; every problem goes to `check` with its path (the seed's one error lists them all). */
export function checkProviders(providers: SeedProvider[], corpIds: string[], check: Check): void {
  check(Array.isArray(providers), 'providers', 'a list of { corpId, secret, suites }');
  if (!Array.isArray(providers)) return;
  const suiteIds = new Set<string>();
  for (const [p, provider] of providers.entries()) {
    const at = `providers[${p}]`;
    check(
      typeof provider.corpId === 'string' && /^w[wx][A-Za-z0-9]{6,62}$/.test(provider.corpId),
      `${at}.corpId`,
      "the provider's own CorpID (ww… or wx…, letters and digits)",
    );
    check(!corpIds.includes(provider.corpId), `${at}.corpId`, 'must not be the corpId of a corp in wecom:');
    check(
      typeof provider.secret === 'string' && provider.secret.length >= 8,
      `${at}.secret`,
      'the ProviderSecret, 8+ characters',
    );
    for (const [s, suite] of (provider.suites ?? []).entries()) {
      const sp = `${at}.suites[${s}]`;
      const id = String(suite.suiteId ?? '');
      const prefix = suite.kind === 'customized' ? /^dk[A-Za-z0-9]{6,62}$/ : /^w[wx][A-Za-z0-9]{6,62}$/;
      check(
        prefix.test(id),
        `${sp}.suiteId`,
        suite.kind === 'customized'
          ? 'a 代开发 templateid: dk followed by letters and digits'
          : 'a SuiteID: ww or wx followed by letters and digits (dk… is a 代开发 template: kind customized)',
      );
      check(!suiteIds.has(id) && !corpIds.includes(id), `${sp}.suiteId`, 'unique among suites and corps');
      suiteIds.add(id);
      check(
        suite.kind === 'third-party' || suite.kind === 'customized',
        `${sp}.kind`,
        'third-party or customized',
      );
      check(
        typeof suite.secret === 'string' && suite.secret.length >= 8,
        `${sp}.secret`,
        'the suite Secret, 8+ characters',
      );
      check(/^[A-Za-z0-9]{1,32}$/.test(suite.token ?? ''), `${sp}.token`, '1-32 letters or digits');
      check(
        /^[A-Za-z0-9]{43}$/.test(suite.encodingAESKey ?? ''),
        `${sp}.encodingAESKey`,
        'exactly 43 letters or digits',
      );
      check(/^https?:\/\//.test(suite.commandUrl ?? ''), `${sp}.commandUrl`, 'an http(s) URL (指令回调URL)');
      check(
        /^https?:\/\//.test(suite.dataUrl ?? ''),
        `${sp}.dataUrl`,
        'an http(s) URL (数据回调URL, may hold $CORPID$)',
      );
      if (suite.homeUrl !== undefined)
        check(/^https?:\/\//.test(suite.homeUrl), `${sp}.homeUrl`, 'an http(s) URL');
      for (const field of ['trustedDomains', 'redirectDomains'] as const)
        for (const [i, d] of (suite[field] ?? []).entries())
          check(
            DOMAIN.test(d),
            `${sp}.${field}[${i}]`,
            'host[:port] without scheme or path, like "localhost:3000"',
          );
      for (const field of ['corps', 'installed'] as const)
        for (const [i, c] of (suite[field] ?? []).entries())
          check(
            corpIds.includes(c),
            `${sp}.${field}[${i}]`,
            `a corpId of the seed's wecom: corps (${corpIds.join(', ')})`,
          );
      for (const [i, c] of (suite.installed ?? []).entries())
        check(
          !suite.corps || suite.corps.includes(c),
          `${sp}.installed[${i}]`,
          'a corp that is also in corps',
        );
    }
  }
}

/** The corps of the seed that may install `suite`. */
export const installableCorps = (suite: SeedSuite, corpIds: string[]): string[] => suite.corps ?? corpIds;
