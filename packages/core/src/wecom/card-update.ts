import type { ClientContext } from '../client/context.js';
import { inputError } from '../errors/place.js';
import { CARD_FIELD_ERRCODE } from './card-rules.js';
import { assertTemplateCard, type TemplateCard } from './template-card.js';

/**
 * POST /cgi-bin/message/update_template_card (doc 94888 / 94945): consumes one response_code (from the send reply
 * or a template_card_event callback; each usable once, for 72 hours) to change the card some recipients see.
 */
export interface TemplateCardUpdate {
  response_code: string;
  /** Whose card changes; at most 1000. */
  userids?: string[];
  /** At most 100. */
  partyids?: number[];
  /** At most 100. */
  tagids?: number[];
  /** 1: every recipient of the card. */
  atall?: 0 | 1;
  /** Grey the buttons out with this text (button, vote and multiple interaction cards only)… */
  button?: { replace_name: string };
  /** …or replace the whole card (any card type). */
  template_card?: TemplateCard;
}

export interface TemplateCardUpdateResult {
  /** Listed userids the platform did not find among the card's recipients. */
  invaliduser: string[];
}

/** Checks an update before the call: one code, someone to update, and exactly one of button or template_card. */
export function assertTemplateCardUpdate(update: TemplateCardUpdate): void {
  if (!update || typeof update !== 'object') throw inputError(`pass { response_code, … }`);
  const { response_code: code, userids, partyids, tagids, atall, button, template_card: card } = update;
  if (typeof code !== 'string' || code.trim() === '')
    throw inputError(
      `response_code is required: take it from the send() reply or the template_card_event (event.card.responseCode)`,
    );
  const ids = (name: string, value: unknown, max: number, isId: (v: unknown) => boolean) => {
    if (value === undefined) return 0;
    if (!Array.isArray(value) || !value.every(isId)) throw inputError(`${name} must be an array of ids`);
    if (value.length > max) throw inputError(`${name} takes at most ${max} ids (got ${value.length})`);
    return value.length;
  };
  const count =
    ids('userids', userids, 1000, (v) => typeof v === 'string' && v !== '') +
    ids('partyids', partyids, 100, (v) => Number.isInteger(v)) +
    ids('tagids', tagids, 100, (v) => Number.isInteger(v));
  if (atall !== undefined && atall !== 0 && atall !== 1) throw inputError(`atall is 0 or 1`);
  if (count === 0 && atall !== 1)
    throw inputError(
      `say whose card changes: userids, partyids, tagids or atall: 1 (the platform answers ${CARD_FIELD_ERRCODE} otherwise)`,
    );
  if ((button === undefined) === (card === undefined))
    throw inputError(`pass exactly one of button: { replace_name } or template_card`);
  if (button !== undefined && (typeof button?.replace_name !== 'string' || button.replace_name.trim() === ''))
    throw inputError(
      `button.replace_name is required: the text the greyed-out button shows (${CARD_FIELD_ERRCODE} otherwise)`,
    );
  if (card !== undefined) assertTemplateCard(card);
}

export function createCardUpdate(ctx: ClientContext, agentId: number) {
  return {
    async updateTemplateCard(update: TemplateCardUpdate): Promise<TemplateCardUpdateResult> {
      assertTemplateCardUpdate(update);
      const data = await ctx.call<Record<string, unknown>>(
        ctx.hosts.qyapi,
        '/cgi-bin/message/update_template_card',
        // A response_code works once: a retried update after a lost reply would fail, so never repeat it.
        { method: 'POST', body: { ...update, agentid: agentId }, repeatable: false },
      );
      const invalid = data['invaliduser'];
      return {
        invaliduser: Array.isArray(invalid)
          ? invalid.map(String)
          : typeof invalid === 'string' && invalid !== ''
            ? invalid.split('|')
            : [],
      };
    },
  };
}
