import { cardNeedsTaskId } from '@wxkit/core/rules';
import { defineState, randomToken, type World } from '../../world.js';

/**
 * response_code: one update_template_card call each, within 72 hours (doc 94945: "一个code只能调用一次该接口，且只能在
 * 72小时内调用"). The send reply carries one and every template_card_event carries a fresh one. Our reference notes
 * (shared/reference/wechat-api.md §1.10) once said 24 hours; the update doc, revised 2025, says 72.
 */
export const RESPONSE_CODE_LIFETIME_MS = 72 * 3_600_000;
/** Clicks remembered per card (the console shows them); older ones go first. */
export const CARD_CLICKS_KEPT = 20;

/** What one recipient sees after update_template_card: a replaced card, or the buttons greyed out with a text. */
export interface CardView {
  card?: Record<string, unknown>;
  replaceName?: string;
}

export interface CardClick {
  at: number;
  userid: string;
  eventKey: string;
  selected?: { questionKey: string; optionIds: string[] }[];
}

/** An interactive card the app sent (task_id → card, recipients, state). */
export interface CardRecord {
  corpId: string;
  agentId: number;
  taskId: string;
  msgid: string;
  sentAt: number;
  card: Record<string, unknown>;
  recipients: string[];
  /** Per userid, once an update reached them. */
  views: Record<string, CardView>;
  clicks: CardClick[];
}

export interface ResponseCodeRecord {
  corpId: string;
  agentId: number;
  taskId: string;
  issuedAt: number;
  used: boolean;
}

/**
 * Interactive cards by `corp:agent:task_id`, and the response codes issued for them; a response code is forgotten a
 * day past its life (until then an expired code is answered as expired).
 */
export const cardState = defineState('cards', (store) => ({
  cards: store.map<string, CardRecord>('cards', 1000),
  responseCodes: store.map<string, ResponseCodeRecord>(
    'responseCodes',
    10_000,
    (record, now) => record.issuedAt + RESPONSE_CODE_LIFETIME_MS + 86_400_000 < now,
  ),
}));

export const cardKey = (corpId: string, agentId: number, taskId: string) => `${corpId}:${agentId}:${taskId}`;

/** Issues a response_code for the card (one update, 72 hours). */
export function issueResponseCode(world: World, record: CardRecord): string {
  const code = `emurc${randomToken(40).replace(/[^A-Za-z0-9]/g, 'x')}`;
  cardState.of(world).responseCodes.set(code, {
    corpId: record.corpId,
    agentId: record.agentId,
    taskId: record.taskId,
    issuedAt: world.now(),
    used: false,
  });
  return code;
}

/** Remembers a card sent with a task_id; its response_code for the send reply, or undefined for a plain card. */
export function rememberCard(
  world: World,
  sent: {
    corpId: string;
    agentId: number;
    msgid: string;
    card: Record<string, unknown>;
    recipients: string[];
  },
): string | undefined {
  const taskId = sent.card['task_id'];
  if (typeof taskId !== 'string' || !cardNeedsTaskId(sent.card)) return undefined;
  const record: CardRecord = {
    corpId: sent.corpId,
    agentId: sent.agentId,
    taskId,
    msgid: sent.msgid,
    sentAt: world.now(),
    card: sent.card,
    recipients: sent.recipients,
    views: {},
    clicks: [],
  };
  cardState.of(world).cards.set(cardKey(sent.corpId, sent.agentId, taskId), record);
  return issueResponseCode(world, record);
}

/** The card `userid` sees now: the sent one, or what an update made of it. */
export function viewOf(
  record: CardRecord,
  userid: string,
): { card: Record<string, unknown>; replaceName?: string } {
  const view = record.views[userid];
  return { card: view?.card ?? record.card, ...(view?.replaceName ? { replaceName: view.replaceName } : {}) };
}
