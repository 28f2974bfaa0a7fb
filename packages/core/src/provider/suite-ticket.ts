import { explain } from '../errors/catalog.js';
import { inputError } from '../errors/place.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { checkId } from './checks.js';
import { providerKey } from './keys.js';

/** A suite_ticket is valid 30 minutes from its push; the platform pushes one every 10 minutes (doc 90628). */
export const SUITE_TICKET_LIFETIME_MS = 30 * 60_000;

export interface HeldTicket {
  value: string;
  /** Epoch ms of the push (its TimeStamp), or of its arrival when the push had none. */
  pushedAt: number;
}

/** The newest ticket and the one before it: the platform tolerates the last two (90628: "可以容错连续两次"). */
export interface SuiteTickets {
  latest: HeldTicket;
  previous?: HeldTicket;
}

export interface SuiteTicketBox {
  /** Records a pushed ticket (the command callback calls this); `timestamp` is the push's TimeStamp in seconds. */
  receive(ticket: string, timestamp?: number): Promise<void>;
  /** The tickets still within their 30 minutes, newest first; throws (naming 40085) when none has arrived. */
  current(): Promise<SuiteTickets>;
  /** What the store holds, expired or not (for `wxkit doctor`); undefined when nothing ever arrived. */
  peek(): Promise<SuiteTickets | undefined>;
}

const parse = (raw: string | undefined): SuiteTickets | undefined => {
  if (!raw) return undefined;
  try {
    const held = JSON.parse(raw) as SuiteTickets;
    const ok = (t: HeldTicket | undefined) => typeof t?.value === 'string' && typeof t.pushedAt === 'number';
    if (!ok(held?.latest) || (held.previous !== undefined && !ok(held.previous))) return undefined;
    return held;
  } catch {
    return undefined;
  }
};

/**
 * The pushed suite_tickets of one suite, in the store (not in memory): every instance reads what any instance
 * received, and a restart loses nothing. Tickets are ordered by their push time, not by arrival, so a delayed
 * or retried older push never displaces a newer ticket.
 */
export function createSuiteTicketBox(options: {
  suiteId: string;
  store: Store;
  clock: () => number;
  logger: Logger;
}): SuiteTicketBox {
  const { store, clock, logger, suiteId } = options;
  const key = providerKey({ kind: 'suite_ticket', suiteId });
  const alive = (t: HeldTicket | undefined, now: number) =>
    t !== undefined && t.pushedAt + SUITE_TICKET_LIFETIME_MS > now ? t : undefined;

  const merge = (held: SuiteTickets | undefined, incoming: HeldTicket): SuiteTickets | undefined => {
    if (!held) return { latest: incoming };
    const { latest, previous } = held;
    if (incoming.value === latest.value) return undefined;
    if (incoming.pushedAt >= latest.pushedAt) return { latest: incoming, previous: latest };
    if (incoming.value === previous?.value || (previous && incoming.pushedAt <= previous.pushedAt))
      return undefined;
    return { latest, previous: incoming };
  };

  return {
    async receive(ticket, timestamp) {
      const value = checkId(
        'suiteTicket',
        ticket,
        40085,
        'pass the SuiteTicket of the suite_ticket push as is',
        512,
      );
      const now = clock();
      const pushedAt =
        typeof timestamp === 'number' && Number.isFinite(timestamp) && timestamp > 0
          ? Math.min(timestamp * 1000, now)
          : now;
      if (!alive({ value, pushedAt }, now)) {
        logger.warn(
          `@wxkit/core suite tickets: a suite_ticket for ${suiteId} pushed over 30 minutes ago arrived; ignored`,
        );
        return;
      }
      const lock = await store.lock?.(`${key}:lock`, { ttlMs: 5_000, waitMs: 2_000 });
      try {
        const next = merge(parse(await store.get(key)), { value, pushedAt });
        if (!next) return;
        // Keep the record as long as its newest ticket lives.
        await store.set(key, JSON.stringify(next), next.latest.pushedAt + SUITE_TICKET_LIFETIME_MS - now);
      } finally {
        await lock?.release();
      }
    },
    async current() {
      const now = clock();
      const held = parse(await store.get(key));
      const latest = alive(held?.latest, now);
      if (!latest) {
        const why = explain(40085, 'wecom');
        const last = held
          ? `the last one was pushed ${Math.round((now - held.latest.pushedAt) / 60_000)} min ago`
          : 'none ever arrived';
        throw inputError(
          `no live suite_ticket for suite ${suiteId} (${last}); get_suite_token would fail with errcode 40085 (${why?.meaning ?? 'invalid suite_ticket'}). Fix: ${why?.fix ?? 'receive the suite_ticket push'}`,
        );
      }
      const previous = alive(held?.previous, now);
      return previous ? { latest, previous } : { latest };
    },
    async peek() {
      return parse(await store.get(key));
    },
  };
}

/** What the store holds for a suite's tickets, read without any secret (for `wxkit tenants` and doctor checks). */
export function readSuiteTickets(options: {
  store: Store;
  suiteId: string;
}): Promise<SuiteTickets | undefined> {
  return options.store.get(providerKey({ kind: 'suite_ticket', suiteId: options.suiteId })).then(parse);
}
