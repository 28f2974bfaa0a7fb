import { Refusal } from '../../refusal.js';
import type { SeedApp } from '../../seed.js';
import { credentials } from '../../tokens.js';
import { randomToken, type World } from '../../world.js';
import { dataUrlOf } from './pushes.js';
import type { SeedSuite } from './seed.js';
import { installableCorps } from './seed.js';
import {
  adminOf,
  corpsOf,
  findSuite,
  hashSecret,
  type Install,
  installKey,
  installOf,
  PROVIDER_LIFETIMES,
  providerState,
} from './state.js';

/** Agent ids of installed suites start here in the first corp, ten apart per corp (the same app, another id). */
const AGENT_BASE = 1_000_010;

/** The corp's app for an installed suite: what corp tokens, the directory APIs and the JS-SDK see. */
function agentApp(suite: SeedSuite, corpId: string, agentId: number, root: number): SeedApp {
  return {
    agentId,
    name: suite.name,
    // No secret of its own: the app has none a corp admin could copy. For 代开发 the permanent code is the
    // secret (gettoken, answered by tokens.ts from the code's hash); this random value is never shown.
    secret: `unissued-${randomToken(40)}`,
    trustedDomains: [...suite.trustedDomains],
    webLoginDomains: [...suite.trustedDomains],
    ...(suite.homeUrl ? { homeUrl: suite.homeUrl.replaceAll('$CORPID$', corpId) } : {}),
    allowedIps: [],
    visibleTo: { departments: [root] },
    // 代开发 apps get their corp's events on the data URL as a self-built app does (doc 96302).
    ...(suite.kind === 'customized'
      ? {
          callback: {
            url: dataUrlOf(suite, corpId),
            token: suite.token,
            encodingAESKey: suite.encodingAESKey,
          },
        }
      : {}),
  };
}

/**
 * A corp's admin authorises a suite (the install page, the app market, a 代开发 link): the suite's app appears
 * in the corp (a new agent id, or the one it had), and an auth_code (10 minutes, single use, 64+ characters) is
 * issued for get_permanent_code.
 */
export function authorise(
  world: World,
  suiteId: string,
  corpId: string,
  options: { userid?: string; state?: string; authType?: 0 | 1 } = {},
): { authCode: string; install: Install } {
  const found = findSuite(world, suiteId);
  if (!found) throw new Refusal(`no suite ${suiteId} in the seed's providers`, 'not_found', 404);
  const corp = world.corp(corpId);
  if (!corp || !installableCorps(found.suite, corpsOf(world)).includes(corpId))
    throw new Refusal(
      `corp ${corpId} may not install ${suiteId}: use one of ${installableCorps(found.suite, corpsOf(world)).join(', ')}`,
      'not_found',
      404,
    );
  const userid = options.userid ?? adminOf(corp);
  if (!world.member(corpId, userid))
    throw new Refusal(`${userid} is not a member of ${corpId}`, 'not_found', 404);
  const state = providerState.of(world);
  let install = installOf(world, suiteId, corpId);
  if (!install) {
    const index = world.seed.wecom.indexOf(corp);
    const used = new Set(corp.apps.map((a) => a.agentId));
    let agentId = AGENT_BASE + index * 10;
    while (used.has(agentId)) agentId += 1;
    const root = corp.departments.find((d) => d.parentId === undefined)?.id ?? corp.departments[0]?.id ?? 1;
    corp.apps.push(agentApp(found.suite, corpId, agentId, root));
    install = {
      suiteId,
      corpId,
      agentId,
      codeHash: '',
      authUserid: userid,
      authType: options.authType ?? 0,
      installedAt: world.now(),
      ...(options.state ? { state: options.state } : {}),
    };
    state.installs.set(installKey(suiteId, corpId), install);
  } else if (options.state) install.state = options.state;
  return { authCode: issueAuthCode(world, suiteId, corpId), install };
}

/** An auth_code of 64 characters (doc 90603: 64 to 512 bytes), valid 10 minutes, single use. */
export function issueAuthCode(world: World, suiteId: string, corpId: string): string {
  const value = randomToken(64);
  providerState.of(world).authCodes.set(value, {
    suiteId,
    corpId,
    expiresAt: world.now() + PROVIDER_LIFETIMES.authCodeMs,
    used: false,
  });
  return value;
}

/**
 * get_permanent_code: spends the auth_code and gives the corp a new permanent code (kept only as its hash), which
 * replaces any earlier one. undefined when the code is unknown, spent, expired or of another suite (40078).
 */
export function exchangeAuthCode(world: World, suiteId: string, authCode: string) {
  const record = providerState.of(world).authCodes.get(authCode);
  if (!record || record.used || record.suiteId !== suiteId || record.expiresAt <= world.now())
    return undefined;
  record.used = true;
  const install = installOf(world, suiteId, record.corpId);
  if (!install) return undefined;
  const permanentCode = randomToken(64);
  install.codeHash = hashSecret(permanentCode);
  return { install, permanentCode };
}

/** Cancels an authorisation (cancel_auth): the corp's app goes, and with it every token of that agent. */
export function cancel(world: World, suiteId: string, corpId: string): Install {
  const install = installOf(world, suiteId, corpId);
  if (!install) throw new Refusal(`${corpId} has not installed ${suiteId}`, 'not_found', 404);
  providerState.of(world).installs.delete(installKey(suiteId, corpId));
  const corp = world.corp(corpId);
  if (corp) corp.apps = corp.apps.filter((a) => a.agentId !== install.agentId);
  revokeCorpTokens(world, install);
  return install;
}

/** The corp tokens of an install stop working (cancel, reset): a later install reusing the agent id gets new ones. */
export function revokeCorpTokens(world: World, install: Install): void {
  for (const token of credentials
    .of(world)
    .tokensOf('wecom', install.corpId, 'access_token', install.agentId))
    token.revoked = true;
}
