import type { TemplateCardType } from '@wxkit/core';
import { checkTemplateCard, INTERACTIVE_CARD_TYPES } from '@wxkit/core/rules';
import { guarded, type Service } from '../../context.js';
import { fail, ok } from '../../envelope.js';
import type { World } from '../../world.js';
import { ownAppPost } from '../common.js';
import { type CardRecord, cardKey, cardState, RESPONSE_CODE_LIFETIME_MS } from './cards.js';

// Source: doc 94945 names no errcode for a bad response_code; unsure. The emulator answers 40058 (invalid
// parameter), the platform's answer for a malformed field, with the reason in the journal.
const INVALID_CODE = 40058;

/** Who `update` reaches among the card's recipients: atall, userids (any case) and departments (with children). */
function targets(world: World, record: CardRecord, body: Record<string, unknown>) {
  const recipients = new Map(record.recipients.map((u) => [u.toLowerCase(), u]));
  if (body['atall'] === 1) return { reached: record.recipients, invaliduser: [] as string[] };
  const reached = new Set<string>();
  const invaliduser: string[] = [];
  for (const u of Array.isArray(body['userids']) ? body['userids'].map(String) : []) {
    const found = recipients.get(u.toLowerCase());
    if (found) reached.add(found);
    else invaliduser.push(u.toLowerCase());
  }
  const corp = world.corp(record.corpId);
  for (const p of Array.isArray(body['partyids']) ? body['partyids'].map(Number) : []) {
    if (!corp) break;
    const tree = world.departmentTree(corp, p);
    for (const m of corp.members)
      if (recipients.has(m.userid.toLowerCase()) && m.department.some((d) => tree.has(d)))
        reached.add(m.userid);
  }
  return { reached: [...reached], invaliduser };
}

/** message/update_template_card (doc 94945): a response_code, once, within 72 hours; the button text or a new card. */
export const weComCards: Service = {
  name: 'wecom-cards',
  platform: 'wecom',
  register(app, ctx) {
    const ownJson = guarded(app, (c) => ownAppPost(ctx, c));
    ownJson.post('/cgi-bin/message/update_template_card', async (c, call) => {
      const { caller, body } = call;
      const world = ctx.world();
      const code = typeof body['response_code'] === 'string' ? body['response_code'] : '';
      const issued = code ? cardState.of(world).responseCodes.get(code) : undefined;
      if (!issued || issued.corpId !== caller.corp.corpId || issued.agentId !== caller.app.agentId)
        return fail(
          c,
          'wecom',
          INVALID_CODE,
          'invalid Request Parameter',
          'the emulator never issued it to this app',
        );
      if (issued.used)
        return fail(
          c,
          'wecom',
          INVALID_CODE,
          'invalid Request Parameter',
          'a response_code works for one update only',
        );
      if (issued.issuedAt + RESPONSE_CODE_LIFETIME_MS <= world.now())
        return fail(
          c,
          'wecom',
          INVALID_CODE,
          'invalid Request Parameter',
          'the response_code expired (72 hours)',
        );
      const record = cardState.of(world).cards.get(cardKey(issued.corpId, issued.agentId, issued.taskId));
      if (!record)
        return fail(
          c,
          'wecom',
          INVALID_CODE,
          'invalid Request Parameter',
          'its card is no longer remembered',
        );
      const button = body['button'];
      const card = body['template_card'];
      if ((button === undefined) === (card === undefined))
        return fail(
          c,
          'wecom',
          40058,
          'invalid Request Parameter',
          'pass exactly one of button or template_card',
        );
      let view: { card?: Record<string, unknown>; replaceName?: string };
      if (button !== undefined) {
        const name = (button as { replace_name?: unknown } | null)?.replace_name;
        if (typeof name !== 'string' || name === '')
          return fail(c, 'wecom', 40058, 'invalid Request Parameter', 'button.replace_name is required');
        // Doc 94945: only button, vote and multiple interaction cards can have their buttons greyed out.
        if (!INTERACTIVE_CARD_TYPES.includes(record.card['card_type'] as TemplateCardType))
          return fail(
            c,
            'wecom',
            40058,
            'invalid Request Parameter',
            `a ${String(record.card['card_type'])} card has no buttons to grey out; send a template_card instead`,
          );
        view = { replaceName: name };
      } else {
        const [problem] = checkTemplateCard(card);
        if (problem)
          return fail(
            c,
            'wecom',
            problem.errcode,
            'invalid Request Parameter',
            `template_card.${problem.field} ${problem.message}`,
          );
        view = { card: card as Record<string, unknown> };
      }
      issued.used = true;
      const { reached, invaliduser } = targets(world, record, body);
      for (const userid of reached) record.views[userid] = view;
      return ok(c, { invaliduser });
    });
  },
};
