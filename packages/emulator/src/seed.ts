import { readFileSync } from 'node:fs';
import { QR_MAX_PERMANENT_CODES } from '@wxkit/core/rules';
import { parse } from 'yaml';
import { checkAccounts, normaliseAccounts, type SeedOfficialAccount } from './oa/seed.js';
import { type Check, isList } from './seed-check.js';
import { checkProviders, normaliseProviders, type SeedProvider } from './wecom/provider/seed.js';
import { checkCorps, normaliseCorps, type SeedCorp } from './wecom/seed.js';

/**
 * The seed: what the emulator starts from, composed of the features' parts. Each part (its types, defaults and
 * checks) lives beside its feature: wecom/seed.ts (corps, apps) with wecom/contacts/seed.ts (departments, members,
 * tags), oa/seed.ts (accounts) with oa/users, oa/messages and oa/subscribe's seed.ts, wecom/provider/seed.ts
 * (providers). A new part adds its field to {@link Seed} and one call in normalise and validate below.
 */

export type { SeedLibraryTemplate, SeedTemplate } from './oa/messages/seed.js';
export type { SeedSubscribeTemplate } from './oa/subscribe/seed.js';
export type { SeedFollower } from './oa/users/seed.js';
export type { SeedDepartment, SeedMember, SeedTag } from './wecom/contacts/seed.js';
export { TAG_LIMITS } from './wecom/contacts/seed.js';
export type { SeedProvider, SeedSuite } from './wecom/provider/seed.js';
export type { SeedApp } from './wecom/seed.js';
export type { SeedCorp, SeedOfficialAccount };

/** Quotas and rate limits; the defaults are the platform's documented ones. */
export interface SeedLimits {
  /** Calls per API path per minute (WeCom: 10,000 per corp per API) → 45009 (WeCom) / 45011 (OA). */
  apiPerMinute: number;
  /** OA /cgi-bin/token calls per day → 45009. */
  oaTokenPerDay: number;
  /** WeCom jsapi tickets per hour → 45009. */
  ticketsPerHourPerCorp: number;
  ticketsPerHourPerApp: number;
  /** OA permanent parametric QR codes per account → 45029 (brief C1; the platform's 100000). */
  permanentQrCodes: number;
}

export const DEFAULT_LIMITS: SeedLimits = {
  apiPerMinute: 10_000,
  oaTokenPerDay: 2000,
  ticketsPerHourPerCorp: 400,
  ticketsPerHourPerApp: 100,
  permanentQrCodes: QR_MAX_PERMANENT_CODES,
};

export interface Seed {
  wecom: SeedCorp[];
  officialAccounts: SeedOfficialAccount[];
  limits: SeedLimits;
  /** Service providers (服务商) with their suites and 代开发 templates (wecom/provider/seed.ts). */
  providers?: SeedProvider[];
}

export class SeedError extends Error {
  override name = 'SeedError';
}

/** How far the seed may grow while the emulator runs (the authorize page's "add member", the contacts control
 * API, the scan action's followers): past these the change is refused. */
export const SEED_CAPS = { members: 5000, departments: 1000, followers: 5000 } as const;

function validate(seed: Seed): Seed {
  const problems: string[] = [];
  const check: Check = (ok, path, rule) => {
    if (!ok) problems.push(`${path}: ${rule}`);
  };
  check(isList(seed.wecom), 'wecom', 'a list of corps');
  check(isList(seed.officialAccounts), 'officialAccounts', 'a list of accounts');
  for (const [name, value] of Object.entries(seed.limits)) {
    check(Number.isInteger(value) && value > 0, `limits.${name}`, 'a positive whole number');
  }
  checkCorps(seed.wecom, check);
  checkAccounts(seed.officialAccounts, check);
  checkProviders(
    seed.providers ?? [],
    (seed.wecom ?? []).map((c) => c.corpId),
    check,
  );
  if (problems.length > 0) throw new SeedError(`The emulator seed has problems:\n  ${problems.join('\n  ')}`);
  return seed;
}

function normalise(raw: unknown): Seed {
  const data = (raw ?? {}) as Partial<Seed>;
  const limits = { ...DEFAULT_LIMITS, ...((data as { limits?: Partial<SeedLimits> }).limits ?? {}) };
  const seed: Seed = {
    limits,
    wecom: normaliseCorps(data.wecom),
    officialAccounts: normaliseAccounts(data.officialAccounts),
    providers: normaliseProviders((data as { providers?: unknown }).providers),
  };
  return validate(seed);
}

/** Parses and checks a seed written in YAML (or JSON); the error lists every problem with its path. */
export function loadSeed(text: string): Seed {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new SeedError(`The emulator seed is not valid YAML: ${(error as Error).message}`);
  }
  return normalise(raw);
}

export function seedFrom(value: Seed | string | undefined): Seed {
  if (value === undefined) return defaultSeed();
  if (typeof value === 'string') return loadSeed(readFileSync(value, 'utf8'));
  return normalise(structuredClone(value));
}

/** The shipped seed: a corp with a dozen members and the survey app, and an Official Account. */
export function defaultSeed(): Seed {
  return loadSeed(readFileSync(new URL('../seeds/default.yaml', import.meta.url), 'utf8'));
}
