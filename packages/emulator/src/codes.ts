import type { Platform } from '@wxkit/core';
import { CODE_LIFETIME_MS } from '@wxkit/core/contract';
import { defineState, randomToken, type World } from './world.js';

export interface CodeRecord {
  value: string;
  platform: Platform;
  owner: string;
  agentId?: number;
  /** userid (WeCom member) or openid. */
  subject: string;
  member: boolean;
  scope: string;
  redirectHost: string;
  issuedAt: number;
  used: boolean;
  /** OA snapshot-page login (朋友圈快照页): the exchange answers is_snapshotuser=1. */
  snapshot?: boolean;
}

/**
 * OAuth codes issued by the authorize pages. Codes live 5 minutes; ten minutes on, a reuse and an unknown code
 * answer alike on WeCom (40029), and OA's 40163 for a reuse is only worth keeping for about as long as a client
 * retries, so older ones are forgotten.
 */
export const codeState = defineState('codes', (store) => ({
  codes: store.map<string, CodeRecord>('codes', 10_000, (code, now) => code.issuedAt < now - 600_000),
}));

export function issueCode(world: World, record: Omit<CodeRecord, 'value' | 'issuedAt' | 'used'>): string {
  const value = randomToken(32);
  codeState.of(world).codes.set(value, { ...record, value, issuedAt: world.now(), used: false });
  return value;
}

/** `text` is the platform's errmsg phrase; `reason` the emulator's explanation (journal only). */
export type CodeCheck = { code: CodeRecord } | { errcode: number; text: string; reason: string };

/** Consumes a code once: unknown, reused and expired codes fail (the platform answers 40029, or 40163 for a reuse on OA). */
export function consumeCode(world: World, value: string | undefined, platform: Platform): CodeCheck {
  if (!value) return { errcode: 41008, text: 'missing code', reason: 'no code in the query' };
  const code = codeState.of(world).codes.get(value);
  if (!code || code.platform !== platform)
    return {
      errcode: 40029,
      text: 'invalid code',
      reason: 'the emulator never issued this code (or forgot it)',
    };
  if (code.used)
    return platform === 'oa'
      ? { errcode: 40163, text: 'code been used', reason: 'the code was already exchanged' }
      : { errcode: 40029, text: 'invalid code', reason: 'the code was already exchanged (codes work once)' };
  if (code.issuedAt + CODE_LIFETIME_MS <= world.now())
    return { errcode: 40029, text: 'invalid code', reason: 'the code expired (5 minutes)' };
  code.used = true;
  return { code };
}
