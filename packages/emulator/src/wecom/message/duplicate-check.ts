import { WECOM_MESSAGE_LIMITS as L } from '@wxkit/core/rules';
import { defineState, type World } from '../../world.js';

/** A message/send body seen with enable_duplicate_check: 1, remembered until its interval ends. */
interface Seen {
  until: number;
  msgid: string;
}

/** The request JSONs of this feature's duplicate check, per corp and app; an entry leaves when its window ends. */
export const duplicateState = defineState('wecom-message-duplicates', (store) => ({
  seen: store.map<string, Seen>('seen', 5000, (entry, now) => entry.until <= now),
}));

/** The same JSON whatever the order of its keys (the platform compares the request JSON, doc 90236). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** How long the check lasts: the given seconds, 1800 by default, cut to 4 hours. */
export function duplicateWindowSeconds(body: Record<string, unknown>): {
  seconds: number;
  capped: boolean;
} {
  const raw = Number(body['duplicate_check_interval']);
  const given = Number.isInteger(raw) && raw > 0 ? raw : L.duplicateCheckDefaultSeconds;
  return { seconds: Math.min(given, L.duplicateCheckMaxSeconds), capped: given > L.duplicateCheckMaxSeconds };
}

/**
 * enable_duplicate_check: 1 — "在一定时间间隔内，同样内容（请求json）的消息，不会重复收到；时间间隔可通过
 * duplicate_check_interval指定，默认1800秒" (doc 90236), at most 4 hours. Returns the msgid of the earlier message
 * when this one is a duplicate (nobody receives it again), else remembers it under `msgid`.
 * Quirks, unverified: the answer to a duplicate (here errcode 0, a fresh msgid, as for a delivered message), and
 * an interval past 4 hours (here cut to 4 hours rather than refused: no errcode is documented for it).
 */
export function duplicateOf(
  world: World,
  owner: { corpId: string; agentId: number },
  body: Record<string, unknown>,
  msgid: string,
): string | undefined {
  if (Number(body['enable_duplicate_check']) !== 1) return undefined;
  const { seen } = duplicateState.of(world);
  const key = `${owner.corpId}:${owner.agentId}:${canonical(body)}`;
  const earlier = seen.get(key);
  if (earlier && earlier.until > world.now()) return earlier.msgid;
  seen.set(key, { until: world.now() + duplicateWindowSeconds(body).seconds * 1000, msgid });
  return undefined;
}
