import { createHash, createHmac } from 'node:crypto';
import type { SeedCorp } from '../../seed.js';
import { defineState, type World } from '../../world.js';
import type { SeedProvider, SeedSuite } from './seed.js';

/** Lifetimes of the provider credentials (docs 90600, 90601, 90603, 90628, 91121). */
export const PROVIDER_LIFETIMES = {
  /** provider_access_token and suite_access_token: expires_in 7200. */
  tokenMs: 7_200_000,
  /** suite_ticket: pushed every 10 minutes, valid 30 (doc 90628). */
  ticketPushMs: 600_000,
  ticketMs: 1_800_000,
  /** pre_auth_code: expires_in 1200 (doc 90601). */
  preAuthCodeMs: 1_200_000,
  /** auth_code of an install: 10 minutes, single use (doc 90597; create_auth 90642). */
  authCodeMs: 600_000,
  /** OAuth code of getuserinfo3rd: 5 minutes, single use (doc 91121). */
  oauthCodeMs: 300_000,
  /** user_ticket: expires_in 1800 (doc 91121). */
  userTicketMs: 1_800_000,
  /** get_customized_auth_url's qrcode_url: valid 10 days (doc 98744). */
  customizedLinkMs: 864_000_000,
} as const;

/** One corp's authorisation of one suite. The permanent code is kept only as its hash. */
export interface Install {
  suiteId: string;
  corpId: string;
  /** The suite's app in this corp (a SeedApp of the corp with this agentId while installed). */
  agentId: number;
  codeHash: string;
  /** Who installed it (the corp's admin). */
  authUserid: string;
  /** 0 an admin install (auth_mode 0). */
  authType: 0 | 1;
  state?: string;
  installedAt: number;
  /** Installed by the seed (`installed:`), its create_auth not pushed yet (preinstall.ts). */
  preinstalled?: boolean;
}

export interface PushRecord {
  at: number;
  suiteId: string;
  /** 指令回调 (command URL) or 数据回调 (data URL), or the URL check (GET). */
  to: 'command' | 'data' | 'verify';
  type: string;
  corpId?: string;
  /** The receiveid the message was encrypted with. */
  receiveId: string;
  url: string;
  status: number;
  answer: string;
  error?: string;
}

const hash = (value: string) => createHash('sha256').update(value).digest('base64url');
export const hashSecret = hash;

export const providerState = defineState('provider', (store) => ({
  /** Tickets pushed per suite, newest last (hashes, with a display prefix); the last two are accepted. */
  tickets: store.map<string, { hash: string; shown: string; pushedAt: number; delivered: boolean }[]>(
    'providerTickets',
    1000,
  ),
  providerTokens: store.map<string, { providerCorpId: string; expiresAt: number }>(
    'providerTokens',
    1000,
    (t, now) => t.expiresAt < now,
  ),
  suiteTokens: store.map<string, { suiteId: string; expiresAt: number }>(
    'suiteTokens',
    1000,
    (t, now) => t.expiresAt < now - 3_600_000,
  ),
  preAuthCodes: store.map<string, { suiteId: string; expiresAt: number; authType?: 0 | 1 }>(
    'providerPreAuthCodes',
    1000,
    (t, now) => t.expiresAt < now,
  ),
  authCodes: store.map<
    string,
    { suiteId: string; corpId: string; expiresAt: number; used: boolean; codeHash?: string }
  >('providerAuthCodes', 1000, (t, now) => t.expiresAt < now - 600_000),
  installs: store.map<string, Install>('providerInstalls', 10_000),
  oauthCodes: store.map<
    string,
    {
      suiteId: string;
      corpId: string;
      userid: string;
      scope: string;
      redirectHost: string;
      issuedAt: number;
      used: boolean;
    }
  >('providerOAuthCodes', 10_000, (t, now) => t.issuedAt < now - 600_000),
  userTickets: store.map<string, { suiteId: string; corpId: string; userid: string; expiresAt: number }>(
    'providerUserTickets',
    10_000,
    (t, now) => t.expiresAt < now,
  ),
  customizedLinks: store.map<string, { templateIds: string[]; state: string; expiresAt: number }>(
    'providerCustomizedLinks',
    1000,
    (t, now) => t.expiresAt < now,
  ),
  pushes: store.ring<PushRecord>('providerPushes', 500),
  /** Suites whose command URL passed the console's URL check (when): the ticket clock pushes to them. */
  verified: store.map<string, number>('providerVerified', 1000),
}));

export const installKey = (suiteId: string, corpId: string) => `${suiteId}:${corpId}`;

export const providers = (world: World): SeedProvider[] => world.seed.providers ?? [];

export function findSuite(
  world: World,
  suiteId: string,
): { provider: SeedProvider; suite: SeedSuite } | undefined {
  for (const provider of providers(world)) {
    const suite = provider.suites.find((s) => s.suiteId === suiteId);
    if (suite) return { provider, suite };
  }
  return undefined;
}

export const installOf = (world: World, suiteId: string, corpId: string): Install | undefined =>
  providerState.of(world).installs.get(installKey(suiteId, corpId));

/** The installs of a suite (or of every suite), oldest first. */
export const installsOf = (world: World, suiteId?: string): Install[] =>
  [...providerState.of(world).installs.values()].filter((i) => !suiteId || i.suiteId === suiteId);

export const corpsOf = (world: World): string[] => world.seed.wecom.map((c) => c.corpId);

/** The admin who installs for a corp: the first active member (both demo corps: zhangsan). */
export const adminOf = (corp: SeedCorp): string =>
  corp.members.find((m) => (m.status ?? 1) === 1)?.userid ?? corp.members[0]?.userid ?? '';

/**
 * Provider-level ids (企业微信账号ID安全性全面升级, doc 96516): the same for every app of one provider, different
 * between providers, never the plain id. The emulator derives them (HMAC of the provider's corpid), so they are
 * stable across restarts. The real encrypted corpid is case-sensitive (doc 97104); these are letters and digits.
 */
const derive = (providerCorpId: string, kind: string, id: string, prefix: string) =>
  `${prefix}${createHmac('sha256', `wxkit-emulator:${providerCorpId}`)
    .update(`${kind}:${id}`)
    .digest('base64url')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 30)}`;

export const openCorpId = (providerCorpId: string, corpId: string) =>
  derive(providerCorpId, 'corp', corpId, 'wp');
export const openUserId = (providerCorpId: string, corpId: string, userid: string) =>
  derive(providerCorpId, 'user', `${corpId}:${userid.toLowerCase()}`, 'wo');
