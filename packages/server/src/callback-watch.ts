import { type Condition, createCondition, type Logger, wxMetrics } from '@wxkit/core';

const failing = new WeakMap<object, Condition>();

/**
 * A callback delivery as `wxkit.callbacks` (kind: the event type; outcome: handled, duplicate, busy,
 * handler_failed, failed, refused), and the "callback deliveries failing" condition of this server: logged when it
 * starts, counted while it lasts, logged when a handler succeeds again.
 */
export function watchCallback(
  owner: object,
  logger: Logger,
  kind: string,
  outcome: string,
  error?: unknown,
): void {
  wxMetrics().callbacks.add(1, {
    'wxkit.kind': kind,
    'wxkit.outcome': outcome,
    'wxkit.duplicate': outcome === 'duplicate',
  });
  if (outcome === 'duplicate' || outcome === 'busy' || outcome === 'refused') return;
  let condition = failing.get(owner);
  if (!condition) {
    condition = createCondition('@wxkit/server: callback deliveries failing', { logger, level: 'error' });
    failing.set(owner, condition);
  }
  if (outcome === 'handled') condition.resolve();
  else condition.report(`${kind}: ${error instanceof Error ? error.message : String(error)}`);
}
