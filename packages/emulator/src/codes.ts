import { type CodeRecord, randomToken, type World } from './world.js';

const CODE_LIFETIME_MS = 5 * 60_000;

export function issueCode(world: World, record: Omit<CodeRecord, 'value' | 'issuedAt' | 'used'>): string {
  const value = randomToken(32);
  world.codes.set(value, { ...record, value, issuedAt: world.now(), used: false });
  return value;
}

export type CodeCheck = { code: CodeRecord } | { errcode: number; reason: string };

/** Consumes a code once: unknown, reused and expired codes fail (the platform answers 40029, or 40163 for a reuse on OA). */
export function consumeCode(world: World, value: string | undefined, platform: 'wecom' | 'oa'): CodeCheck {
  if (!value) return { errcode: 41008, reason: 'missing code' };
  const code = world.codes.get(value);
  if (!code || code.platform !== platform) return { errcode: 40029, reason: 'invalid code' };
  if (code.used)
    return platform === 'oa'
      ? { errcode: 40163, reason: 'code been used' }
      : { errcode: 40029, reason: 'invalid code, code has been used' };
  if (code.issuedAt + CODE_LIFETIME_MS <= world.now())
    return { errcode: 40029, reason: 'invalid code, code expired' };
  code.used = true;
  return { code };
}
