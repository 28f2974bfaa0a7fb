import { hash } from 'node:crypto';
import { serializeXml } from '@wxkit/core';

import type { WxEvent as ContractEvent } from '@wxkit/core/contract';

// The event model (types, parser and the emulator's builders) is core's contract; the server adds delivery ids
// and, for a provider app's data callbacks, the corp.
export type WxEvent = ContractEvent & {
  /** A provider app's data callback: the corp whose data URL (`…/events/$CORPID$`) delivered it. */
  corpId?: string;
};

/**
 * What identifies one message across the platform's retries: MsgId when there is one; for events both platforms
 * advise FromUserName + CreateTime, which would merge two events of one sender in one second (WeCom sends every
 * approval change from `sys`), so the payload itself is added, canonicalised (layout and CDATA splits do not
 * count). Retries re-send the same message; no source says whether its bytes can differ in any field, so a
 * difference there would run the handler twice rather than drop an event.
 */
export function deliveryId(event: WxEvent): string {
  if (event.msgId) return `msg:${event.msgId}`;
  const digest = hash('sha1', serializeXml(event.xml), 'base64url');
  return `ev:${encodeURIComponent(event.from)}:${event.createTime}:${digest}`;
}
