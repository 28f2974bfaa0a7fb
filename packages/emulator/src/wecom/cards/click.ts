import { parseXmlTree, type TemplateCardType, xmlChild } from '@wxkit/core';
import { INTERACTIVE_CARD_TYPES } from '@wxkit/core/rules';
import { fireEvent } from '../../callbacks.js';
import type { Service } from '../../context.js';
import { asText, jsonBody } from '../../envelope.js';
import { controlError, Refusal } from '../../refusal.js';
import type { World } from '../../world.js';
import { CARD_CLICKS_KEPT, type CardClick, cardKey, cardState, issueResponseCode, viewOf } from './cards.js';

type Obj = Record<string, unknown>;
type Selected = NonNullable<CardClick['selected']>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const objects = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const ids = (options: unknown) => objects(options).map((o) => String(o['id']));

/** The ReplaceName of an `update_button` passive reply, or undefined for any other reply. */
function replyButton(reply: string): string | undefined {
  try {
    const tree = parseXmlTree(reply);
    if (xmlChild(tree, 'MsgType')?.text !== 'update_button') return undefined;
    const name = xmlChild(xmlChild(tree, 'Button') ?? tree, 'ReplaceName')?.text;
    return name ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The keys a tap on this card can send: callback buttons, the action menu and the submit button. */
function keysOf(card: Obj): string[] {
  const menu = isObj(card['action_menu']) ? objects(card['action_menu']['action_list']) : [];
  const buttons = objects(card['button_list']).filter((b) => (b['type'] ?? 0) === 0);
  const submit = isObj(card['submit_button']) ? [card['submit_button']] : [];
  return [...buttons, ...menu, ...submit].map((b) => String(b['key']));
}

/**
 * What the member chose: `selected` as option ids (vote; or, on a multiple-choice card, ids looked up in their
 * selector) or as { question_key: [ids] }. Without one: each selector's selected_id or first option, the
 * checkbox's is_checked options — what the member sees preselected.
 */
function selection(card: Obj, given: unknown): Selected | undefined {
  const type = card['card_type'];
  const byKey = (key: string, options: unknown): string[] | undefined => {
    if (isObj(given)) return Array.isArray(given[key]) ? (given[key] as unknown[]).map(String) : undefined;
    if (Array.isArray(given)) {
      // A vote takes the ids as given (unknown ones are refused below); a drop-down takes those of its options.
      if (type === 'vote_interaction') return given.length > 0 ? given.map(String) : undefined;
      const known = new Set(ids(options));
      const picked = given.map(String).filter((id) => known.has(id));
      return picked.length > 0 ? picked : undefined;
    }
    return undefined;
  };
  const checkIds = (key: string, chosen: string[], options: unknown) => {
    const known = new Set(ids(options));
    const unknown = chosen.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new Refusal(`no option ${unknown.join(', ')} in question ${key}`);
  };
  if (type === 'vote_interaction' && isObj(card['checkbox'])) {
    const box = card['checkbox'];
    const key = String(box['question_key']);
    const preset = objects(box['option_list'])
      .filter((o) => o['is_checked'] === true)
      .map((o) => String(o['id']));
    const chosen = byKey(key, box['option_list']) ?? preset;
    checkIds(key, chosen, box['option_list']);
    if (chosen.length === 0) throw new Refusal(`choose an option of ${key} (selected: ["<option id>"])`);
    if ((box['mode'] ?? 0) === 0 && chosen.length > 1)
      throw new Refusal(`${key} is single choice (mode 0): choose one option`);
    return [{ questionKey: key, optionIds: chosen }];
  }
  const selects =
    type === 'multiple_interaction'
      ? objects(card['select_list'])
      : isObj(card['button_selection'])
        ? [card['button_selection']]
        : [];
  if (selects.length === 0) return undefined;
  if (Array.isArray(given)) {
    const known = new Set(selects.flatMap((s) => ids(s['option_list'])));
    const unknown = given.map(String).filter((id) => !known.has(id));
    if (unknown.length > 0) throw new Refusal(`no option ${unknown.join(', ')} on this card`);
  }
  return selects.map((s) => {
    const key = String(s['question_key']);
    const fallback = String(s['selected_id'] ?? ids(s['option_list'])[0] ?? '');
    const chosen = byKey(key, s['option_list']) ?? [fallback];
    checkIds(key, chosen, s['option_list']);
    if (chosen.length !== 1) throw new Refusal(`${key} is a drop-down: choose one option`);
    return { questionKey: key, optionIds: chosen };
  });
}

/** Checks a click against the card the member sees and fires template_card_event at the app's callback. */
async function click(world: World, body: Obj) {
  const corpId = typeof body['corpId'] === 'string' ? body['corpId'] : world.seed.wecom[0]?.corpId;
  const corp = corpId ? world.corp(corpId) : undefined;
  const agentId = Number(body['agentId'] ?? corp?.apps[0]?.agentId);
  const taskId = asText(body['taskId'], '');
  const record = corp ? cardState.of(world).cards.get(cardKey(corp.corpId, agentId, taskId)) : undefined;
  if (!corp || !record) throw new Refusal(`no card with task_id ${taskId} from app ${agentId}`);
  const userid = record.recipients.find((u) => u.toLowerCase() === asText(body['userid'], '').toLowerCase());
  if (!userid) throw new Refusal(`${asText(body['userid'])} did not receive card ${taskId}`);
  const { card, replaceName } = viewOf(record, userid);
  if (replaceName)
    throw new Refusal(
      `the card's buttons show "${replaceName}" after update_template_card: a tap does nothing`,
    );
  const keys = keysOf(card);
  // The brief's shorthand: `key` may carry the option ids of a vote; the event key is then the submit button's.
  const rawKey = body['key'];
  const given = body['selected'] ?? (Array.isArray(rawKey) ? rawKey : undefined);
  const submit = isObj(card['submit_button']) ? String(card['submit_button']['key']) : undefined;
  const eventKey = typeof rawKey === 'string' ? rawKey : (submit ?? keys[0] ?? '');
  if (!keys.includes(eventKey))
    throw new Refusal(`no button or menu key ${eventKey} on this card (keys: ${keys.join(', ') || 'none'})`);
  const selected = eventKey === submit || card['button_selection'] ? selection(card, given) : undefined;
  const responseCode = issueResponseCode(world, record);
  record.clicks.push({ at: world.now(), userid, eventKey, ...(selected ? { selected } : {}) });
  if (record.clicks.length > CARD_CLICKS_KEPT)
    record.clicks.splice(0, record.clicks.length - CARD_CLICKS_KEPT);
  const fired = await fireEvent(world, {
    type: 'template_card_event',
    corpId: corp.corpId,
    agentId,
    userid,
    key: eventKey,
    taskId,
    cardType: String(card['card_type']),
    responseCode,
    ...(selected ? { selected } : {}),
  });
  // A passive reply can grey out the tapper's buttons at once (doc 90241 模板卡片更新消息 → 更新点击用户的按钮文案):
  // <MsgType>update_button</MsgType><Button><ReplaceName>…</ReplaceName></Button>. The whole-card reply
  // (update_template_card) is not emulated: the app calls the API with the ResponseCode instead.
  const replaced = fired.reply ? replyButton(fired.reply) : undefined;
  if (replaced && INTERACTIVE_CARD_TYPES.includes(card['card_type'] as TemplateCardType))
    record.views[userid] = { replaceName: replaced };
  return {
    ...fired,
    responseCode,
    eventKey,
    ...(selected ? { selected } : {}),
    ...(replaced ? { replaced } : {}),
  };
}

/**
 * POST /_emulator/card/click { corpId?, agentId, userid, taskId, key, selected? }: a member taps a card.
 * GET /_emulator/cards: the interactive cards, each with its recipients, their views after updates and the clicks.
 */
export const cardClick: Service = {
  name: 'card-click',
  register(app, ctx) {
    app.get('/_emulator/cards', (c) => c.json({ cards: [...cardState.of(ctx.world()).cards.values()] }));
    app.post('/_emulator/card/click', async (c) => {
      const body = (await jsonBody(c)) ?? {};
      try {
        return c.json(await click(ctx.world(), body));
      } catch (error) {
        // The click itself is refused as it is; anything after it means the callback could not be sent (no
        // callback URL, app down).
        if (error instanceof Refusal && error.code !== 'not_delivered')
          return controlError(c, error.message, error.status, error.code);
        return controlError(c, `callback not delivered: ${(error as Error).message}`, 400, 'not_delivered');
      }
    });
  },
};
