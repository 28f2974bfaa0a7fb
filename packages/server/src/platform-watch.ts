import { type Condition, createCondition, isWxApiError, isWxHttpError, type Logger } from '@wxkit/core';

const conditions = new WeakMap<object, Condition>();

/** The platform gave no usable answer (network, timeout, HTTP 5xx, errcode -1 "system busy"). */
export const isUnreachable = (error: unknown): boolean =>
  isWxHttpError(error) || (isWxApiError(error) && error.errcode === -1);

/**
 * The "platform unreachable" condition of one server kit (`owner`): logged when it starts, counted while it
 * lasts (at most a line a minute), logged when a call gets through again.
 */
export function platformCondition(owner: object, logger: Logger): Condition {
  let condition = conditions.get(owner);
  if (!condition) {
    condition = createCondition('@wxkit/server: platform unreachable', { logger });
    conditions.set(owner, condition);
  }
  return condition;
}
