import { inputError } from '../errors/place.js';

/**
 * Input checks of the provider calls, made before any request. Each message names the field, the errcode the
 * platform would answer for it and the fix. Where the platform's code for a bad field is not documented, the
 * general 40058 (invalid parameter) is named; the missing-field codes 41021–41025 are from the WeCom error table
 * (doc 90313) and community answers.
 */
export function fail(field: string, problem: string, errcode: number, fix: string): never {
  throw inputError(`\`${field}\` ${problem} — the platform would answer errcode ${errcode}. Fix: ${fix}`);
}

const BYTES = new TextEncoder();
const byteLength = (value: string) => BYTES.encode(value).length;

export function checkId(field: string, value: unknown, errcode: number, fix: string, maxBytes = 128): string {
  if (typeof value !== 'string' || value === '') fail(field, 'is required', errcode, fix);
  if (value.trim() !== value) fail(field, 'has leading or trailing whitespace', errcode, fix);
  if (/[\s\u0000-\u001f]/.test(value)) fail(field, 'contains whitespace or control characters', errcode, fix);
  if (byteLength(value) > maxBytes) fail(field, `is longer than ${maxBytes} bytes`, errcode, fix);
  return value;
}

export const checkSuiteId = (value: unknown) =>
  checkId(
    'suiteId',
    value,
    41021,
    'pass the SuiteID (ww…/wx… for a third-party app, dk… for a 代开发 template)',
  );

export const checkCorpId = (value: unknown, field = 'corpId') =>
  // 40013: invalid CorpID. An encrypted (upgraded) corpid is case-sensitive (doc 96516): it is never normalised.
  checkId(field, value, 40013, "pass the corp's id exactly as the platform gave it (case-sensitive)");

export const checkPermanentCode = (value: unknown) =>
  // 41025 permanent_code missing; the doc caps it at 512 bytes (90603).
  checkId('permanentCode', value, 41025, 'use the permanent_code that get_permanent_code returned', 512);

/** auth_code: 64 to 512 bytes, single use, 10 minutes (doc 90603; shorter ones get 40058 "exceed min length 64"). */
export function checkAuthCode(value: unknown): string {
  const code = checkId(
    'authCode',
    value,
    40078,
    'pass the auth_code of the install redirect or the create_auth push',
    512,
  );
  if (byteLength(code) < 64)
    fail(
      'authCode',
      'is shorter than 64 bytes (not an auth_code; a pre_auth_code?)',
      40058,
      'pass the auth_code, not the pre_auth_code',
    );
  return code;
}

export function checkAgentId(value: unknown): number {
  if (!Number.isInteger(value) || (value as number) <= 0)
    fail(
      'agentId',
      `must be a positive integer (got ${JSON.stringify(value)})`,
      40056,
      'use auth_info.agent[0].agentid of get_permanent_code or get_auth_info',
    );
  return value as number;
}

/** a-zA-Z0-9, at most `max` bytes: 128 for an install URL (90597), 32 for a 代开发 auth link (98744). */
export function checkLetterState(value: unknown, max: number): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9]+$/.test(value) || value.length > max)
    fail(
      'state',
      `must be 1–${max} letters or digits (got ${JSON.stringify(value)})`,
      40058,
      'use an opaque id, e.g. a base62 random string',
    );
  return value;
}

export function checkNonEmptyString(
  field: string,
  value: unknown,
  errcode: number,
  fix: string,
  maxBytes = 512,
) {
  return checkId(field, value, errcode, fix, maxBytes);
}
