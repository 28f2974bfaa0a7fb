import { inputError } from '../errors/place.js';

/** How a platform call absorbs transient faults. */
export interface RetryOptions {
  /**
   * Budget for one call, retries included (ms, default 3000): no retry starts after it and a retry's timeout
   * never runs past it. The first attempt always gets the whole `timeoutMs`, so a call ends within
   * max(timeoutMs, deadlineMs).
   */
  deadlineMs: number;
  /** Attempts at most, the first included (default 5; 1 turns retries off). */
  attempts: number;
  /** Full-jitter backoff: before retry n (0-based) wait random() × min(maxDelayMs, baseDelayMs × 2ⁿ). */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface HttpPolicy extends RetryOptions {
  /** Per attempt (ms, default 5000): an attempt with no complete answer by then is aborted and counts as transient. */
  timeoutMs: number;
}

export const DEFAULT_HTTP_POLICY: Readonly<HttpPolicy> = Object.freeze({
  timeoutMs: 5000,
  deadlineMs: 3000,
  attempts: 5,
  baseDelayMs: 100,
  maxDelayMs: 1000,
});

const positive = (name: string, value: unknown, example: string, integer = false) => {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value <= 0 ||
    (integer && !Number.isInteger(value))
  )
    throw inputError(`\`${name}\` must be a positive ${integer ? 'integer' : 'number'}, e.g. ${example}`);
  return value;
};

/** Checks `timeoutMs` and `retry` once, at client creation, and fills in the defaults. */
export function resolveHttpPolicy(options: {
  timeoutMs?: number | undefined;
  retry?: Partial<RetryOptions> | undefined;
}): HttpPolicy {
  const policy: HttpPolicy = { ...DEFAULT_HTTP_POLICY };
  if (options.timeoutMs !== undefined) policy.timeoutMs = positive('timeoutMs', options.timeoutMs, '5000');
  const retry = options.retry;
  if (retry === undefined) return policy;
  if (!retry || typeof retry !== 'object')
    throw inputError(`\`retry\` must be an object like { deadlineMs: 3000, attempts: 5 }`);
  if (retry.deadlineMs !== undefined)
    policy.deadlineMs = positive('retry.deadlineMs', retry.deadlineMs, '3000');
  if (retry.attempts !== undefined) policy.attempts = positive('retry.attempts', retry.attempts, '5', true);
  if (retry.baseDelayMs !== undefined)
    policy.baseDelayMs = positive('retry.baseDelayMs', retry.baseDelayMs, '100');
  if (retry.maxDelayMs !== undefined)
    policy.maxDelayMs = positive('retry.maxDelayMs', retry.maxDelayMs, '1000');
  if (policy.maxDelayMs < policy.baseDelayMs)
    throw inputError(`\`retry.maxDelayMs\` must be at least \`retry.baseDelayMs\``);
  return policy;
}

/** Full jitter (a uniformly random wait up to the exponential cap) keeps retrying callers from moving in step. */
export const backoffMs = (policy: RetryOptions, retry: number, random: () => number) =>
  random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
