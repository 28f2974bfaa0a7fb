import { explain, isEmulated, isWxApiError, type WeComAgent } from '@wxkit/core';
import { jsDomainCovers } from '@wxkit/core/rules';
import type { WxkitConfig } from './config.js';
import { type Fixes, fixesFor } from './doctor-fixes.js';
import type { CliIO } from './io.js';
import type { Lang } from './lang.js';
import { clientFor, type PlatformClient } from './platform.js';

export interface Check {
  name: string;
  /** ok: as it should be; problem: will fail for users; skipped: could not be checked (why is in detail). */
  status: 'ok' | 'problem' | 'skipped';
  detail: string;
  /** What to change, where, when status is problem. */
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  platform: 'wecom' | 'oa';
  checks: Check[];
}

const hostOf = (url: string) => new URL(url).host;
const sameUrl = (a: string, b: string) => {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
};

/** The fix for a failed token fetch, by errcode: the caller IP, the secret, the id. */
function credentialFix(p: PlatformClient, f: Fixes, errcode: number, errmsg: string): string | undefined {
  const ip = /(\d{1,3}(?:\.\d{1,3}){3})/.exec(errmsg)?.[1];
  const from = ip ? f.sawIp(ip) : '';
  if (p.platform === 'wecom') {
    if (errcode === 60020) return f.wecomIp(from, p.config.agentId);
    if (errcode === 40001 || errcode === 41004) return f.wecomSecret(p.config.agentId);
    if (errcode === 40013) return f.wecomCorpId(p.config.corpId);
    return undefined;
  }
  if (errcode === 40164 || errcode === 61004) return f.oaIp(from);
  if (errcode === 40001 || errcode === 40125) return f.oaSecret;
  if (errcode === 40013) return f.oaAppId(p.config.appId);
  return undefined;
}

function problemFrom(name: string, p: PlatformClient, error: unknown, lang: Lang): Check {
  const f = fixesFor(lang);
  if (isWxApiError(error)) {
    const fix =
      credentialFix(p, f, error.errcode, error.errmsg) ??
      explain(error.errcode, p.platform, { lang })?.fix ??
      error.hint;
    return { name, status: 'problem', detail: `errcode ${error.errcode} (${error.errmsg})`, fix };
  }
  return {
    name,
    status: 'problem',
    detail: (error as Error).message,
    fix: f.unreachable(p.platform === 'wecom' ? p.client.hosts.qyapi : p.client.hosts.api),
  };
}

/** WeCom: what agent/get says against what the config expects. */
function compareAgent(config: WxkitConfig, agent: WeComAgent, f: Fixes): Check[] {
  const checks: Check[] = [];
  const domain = agent.redirect_domain ?? '';
  const redirectHost = hostOf(config.redirectUri);
  checks.push(
    domain === redirectHost
      ? { name: 'redirect domain', status: 'ok', detail: `the platform trusts ${domain}, the redirect host` }
      : {
          name: 'redirect domain',
          status: 'problem',
          detail: `the platform's trusted domain is ${domain || '(none)'}, the redirect goes to ${redirectHost}: every login ends in 50001 (redirect_uri 与配置的可信域名不一致)`,
          fix: f.trustDomain(redirectHost, domain),
        },
  );
  for (const listed of config.trustedDomains) {
    if (listed === domain) continue;
    checks.push({
      name: `trusted domain ${listed}`,
      status: 'problem',
      detail: `the config lists ${listed} as trusted, the platform trusts ${domain || 'nothing'}`,
      fix: f.configDomains(domain, listed),
    });
  }
  const home = agent.home_url ?? '';
  checks.push(
    sameUrl(home, config.homeUrl)
      ? { name: 'home page', status: 'ok', detail: `the workbench opens ${home}` }
      : {
          name: 'home page',
          status: 'problem',
          detail: `the workbench opens ${home || '(no home page: tapping the app opens its message list)'}, the config says ${config.homeUrl}`,
          fix: f.homePage(config.homeUrl),
        },
  );
  for (const url of [config.homeUrl, ...config.jssdkUrls.filter((u) => u !== config.homeUrl)]) {
    const host = hostOf(url);
    checks.push(
      host === domain
        ? { name: `JS-SDK ${url}`, status: 'ok', detail: `on the trusted domain ${domain}` }
        : {
            name: `JS-SDK ${url}`,
            status: 'problem',
            detail: `${host} is not the trusted domain ${domain || '(none)'}: wx.config fails with 80001 / invalid url domain`,
            fix: f.jssdkHost(domain, host),
          },
    );
  }
  if (agent.close === 1)
    checks.push({
      name: 'app enabled',
      status: 'problem',
      detail: 'the app is disabled (close=1): members cannot open it',
      fix: f.enableApp,
    });
  return checks;
}

/** OA: the domains have no read API on the real platform; the emulator shows them at /_emulator/state. */
async function compareOaDomains(config: WxkitConfig, p: PlatformClient, fetchFn: typeof fetch, f: Fixes) {
  const checks: Check[] = [];
  const redirectHost = hostOf(config.redirectUri);
  if (!isEmulated(p.client.hosts)) {
    if (new URL(config.redirectUri).port)
      checks.push({
        name: 'redirect domain',
        status: 'problem',
        detail: `${redirectHost} has a port; the 网页授权域名 is a bare domain and the platform refuses ports (10003)`,
        fix: f.oaPort,
      });
    checks.push({
      name: 'oauth and JS-SDK domains',
      status: 'skipped',
      detail: `the Official Account API has no call that reads 网页授权域名 or JS接口安全域名; compare ${redirectHost} with 设置与开发 → 公众号设置 → 功能设置 by hand`,
    });
    return checks;
  }
  const state = (await (await fetchFn(`${p.client.hosts.api}/_emulator/state`)).json()) as {
    seed?: { officialAccounts?: { appId: string; oauthDomains: string[]; jsDomains: string[] }[] };
  };
  const appId = p.platform === 'oa' ? p.config.appId : '';
  const account = state.seed?.officialAccounts?.find((a) => a.appId === appId);
  if (!account) return checks;
  checks.push(
    account.oauthDomains.includes(redirectHost)
      ? { name: 'redirect domain', status: 'ok', detail: `${redirectHost} is a 网页授权域名 (emulator)` }
      : {
          name: 'redirect domain',
          status: 'problem',
          detail: `${redirectHost} is not among the 网页授权域名 (${account.oauthDomains.join(', ') || 'none'}): the authorize page shows 10003 redirect_uri 参数错误`,
          fix: f.oaOauthDomain(redirectHost),
        },
  );
  for (const url of [config.homeUrl, ...config.jssdkUrls.filter((u) => u !== config.homeUrl)]) {
    const host = hostOf(url);
    checks.push(
      account.jsDomains.some((entry) => jsDomainCovers(entry, url))
        ? { name: `JS-SDK ${url}`, status: 'ok', detail: `${host} is a JS接口安全域名 (emulator)` }
        : {
            name: `JS-SDK ${url}`,
            status: 'problem',
            detail: `${host} is not among the JS接口安全域名 (${account.jsDomains.join(', ') || 'none'}): wx.config fails with invalid url domain`,
            fix: f.oaJsDomain(host),
          },
    );
  }
  return checks;
}

const VERIFY_FILE = { wecom: /^WW_verify_([A-Za-z0-9]+)\.txt$/, oa: /^MP_verify_([A-Za-z0-9]+)\.txt$/ };

/** The domain verification file, fetched from the running app: the body must be the token and nothing else. */
async function verificationFile(
  config: WxkitConfig,
  fetchFn: typeof fetch,
  f: Fixes,
): Promise<Check | undefined> {
  if (!config.verifyFile) return undefined;
  const token = VERIFY_FILE[config.platform].exec(config.verifyFile)?.[1];
  const name = 'verification file';
  if (!token)
    return {
      name,
      status: 'problem',
      detail: `${config.verifyFile} is not a ${config.platform === 'wecom' ? 'WW_verify_XXXX.txt' : 'MP_verify_XXXX.txt'} name`,
      fix: f.verifyName,
    };
  const url = new URL(`/${config.verifyFile}`, config.homeUrl).toString();
  let response: Response;
  try {
    response = await fetchFn(url, { redirect: 'manual' });
  } catch (error) {
    return {
      name,
      status: 'problem',
      detail: `${url}: ${(error as Error).message} (is the app running?)`,
      fix: f.startApp,
    };
  }
  const body = await response.text();
  if (response.status === 200 && body === token)
    return { name, status: 'ok', detail: `${url} serves exactly "${token}"` };
  const why =
    response.status !== 200
      ? `answers HTTP ${response.status}`
      : body.trim() === token
        ? 'has whitespace or a newline around the token'
        : body.replace(/^\uFEFF/, '') === token
          ? 'starts with a byte-order mark'
          : `serves "${body.slice(0, 40)}"`;
  return {
    name,
    status: 'problem',
    detail: `${url} ${why}; the platform wants exactly "${token}"`,
    fix: f.verifyBody(config.verifyFile, token),
  };
}

/**
 * Asks the platform what it has for the app and compares it with the config, then checks the running app.
 * `fetchFn` reaches the app (and the emulator's state); `platformFetch` the platform API (default: fetch).
 */
export async function diagnose(
  config: WxkitConfig,
  io: CliIO,
  fetchFn: typeof fetch = fetch,
  platformFetch?: typeof fetch,
  lang: Lang = 'en',
): Promise<DoctorReport> {
  const p = clientFor(config, io, platformFetch);
  const f = fixesFor(lang);
  const checks: Check[] = [];
  let token = false;
  try {
    await p.client.getAccessToken();
    token = true;
    checks.push({
      name: 'credentials and IP allow-list',
      status: 'ok',
      detail: `fetched an access_token for ${p.platform === 'wecom' ? `${p.config.corpId} / ${p.config.agentId}` : p.config.appId}`,
    });
  } catch (error) {
    checks.push(problemFrom('credentials and IP allow-list', p, error, lang));
  }
  // WeCom checks 企业可信IP on business calls, not on gettoken (every public 60020 report comes after the token;
  // the emulator follows that): the first business call, agent/get, is what proves the IP allow-list.
  let agent: WeComAgent | undefined;
  let agentError: unknown;
  if (token && p.platform === 'wecom') {
    try {
      agent = await p.client.agent.get();
    } catch (error) {
      agentError = error;
      if (isWxApiError(error) && error.errcode === 60020) {
        checks[checks.length - 1] = problemFrom('credentials and IP allow-list', p, error, lang);
        token = false;
      }
    }
  }
  const needsToken = (name: string): Check => ({
    name,
    status: 'skipped',
    detail: 'needs an access_token; fix the credentials first',
  });
  if (!token) {
    checks.push(needsToken('app settings'), needsToken('JS-SDK ticket'));
  } else {
    if (p.platform === 'wecom') {
      if (agent) checks.push(...compareAgent(config, agent, f));
      else checks.push(problemFrom('app settings (agent/get)', p, agentError, lang));
    } else {
      checks.push(...(await compareOaDomains(config, p, fetchFn, f)));
    }
    try {
      await p.client.getJsapiTicket();
      checks.push({ name: 'JS-SDK ticket', status: 'ok', detail: 'fetched a jsapi_ticket' });
    } catch (error) {
      checks.push(problemFrom('JS-SDK ticket', p, error, lang));
    }
  }
  const file = await verificationFile(config, fetchFn, f);
  if (file) checks.push(file);
  return { ok: checks.every((c) => c.status !== 'problem'), platform: p.platform, checks };
}
