import type { Logger } from './logger.js';

/**
 * A condition that repeats while it lasts (the store unreachable, the platform unreachable, a callback handler
 * failing). Its first occurrence is logged at once, later ones are counted and summarised at most once per
 * `summaryMs`, and its end is logged with the count: a 15-second outage under load writes three lines, not
 * thousands.
 */
export interface Condition {
  /** One more occurrence: logged when it starts the condition, otherwise counted (and summarised when due). */
  report(detail: string, fields?: Record<string, unknown>): void;
  /** Things work again: if the condition was on, logs its end (at warn, so it shows where the start did). */
  resolve(): void;
  readonly active: boolean;
}

export interface ConditionOptions {
  logger: Logger;
  /** `warn` for what the kit works around, `error` for what fails a request; the summaries keep that level. */
  level?: 'warn' | 'error';
  /** At most one summary line per this many milliseconds while the condition lasts; default one minute. */
  summaryMs?: number;
  /** Milliseconds; default Date.now. */
  clock?: () => number;
}

export function createCondition(name: string, options: ConditionOptions): Condition {
  const { logger } = options;
  const level = options.level ?? 'warn';
  const summaryMs = options.summaryMs ?? 60_000;
  const clock = options.clock ?? Date.now;
  let since: number | undefined;
  let lastLine = 0;
  let total = 0;
  let sinceLine = 0;
  let latest = '';

  return {
    get active() {
      return since !== undefined;
    },
    report(detail, fields) {
      const now = clock();
      latest = detail;
      if (since === undefined) {
        since = lastLine = now;
        total = 1;
        sinceLine = 0;
        logger[level](`${name}: ${detail}`, fields);
        return;
      }
      total++;
      sinceLine++;
      if (now - lastLine < summaryMs) return;
      logger[level](
        `${name}: still so, ${sinceLine} more in the last ${seconds(now - lastLine)} (${total} since ${seconds(now - since)} ago; latest: ${latest})`,
        fields,
      );
      lastLine = now;
      sinceLine = 0;
    },
    resolve() {
      if (since === undefined) return;
      const lasted = clock() - since;
      since = undefined;
      logger.warn(`${name}: over after ${seconds(lasted)}, ${total} in all (latest: ${latest})`);
    },
  };
}

const seconds = (ms: number) => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

const byStore = new WeakMap<object, WeakMap<Logger, Condition>>();

/**
 * The one "store calls failing" condition for a store and a logger, shared by everything in this process that
 * uses both (code memos, credentials, session reads), so an outage is one start line, a summary a minute and
 * one end line. A part given another logger (a silent one, say) keeps its own, so it cannot mute the others.
 */
export function storeCondition(store: object, options: ConditionOptions): Condition {
  let forStore = byStore.get(store);
  if (!forStore) {
    forStore = new WeakMap();
    byStore.set(store, forStore);
  }
  let condition = forStore.get(options.logger);
  if (!condition) {
    condition = createCondition('store calls failing', options);
    forStore.set(options.logger, condition);
  }
  return condition;
}
