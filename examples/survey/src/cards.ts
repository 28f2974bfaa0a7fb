import { randomBytes } from 'node:crypto';
import type { Logger, WeComClient } from '@wxkit/core';
import { errorResponse, type WxServer } from '@wxkit/server';
import type { SurveyDatabase } from './db.js';
import { json, platformFailure } from './edition.js';
import { SURVEY } from './survey.js';

/**
 * The survey sent as a button_interaction template card (WeCom doc 90236): a member taps "我会填写" or "暂不参与",
 * the tap comes back as template_card_event, the app records it and greys the buttons out for that member with
 * update_template_card (doc 94888: the event's response_code, once, within 72 hours).
 */

/** The replies a card's buttons send, and what the greyed-out button says afterwards. */
export const CARD_REPLIES = {
  will_answer: { text: '我会填写', done: '已确认参与' },
  not_now: { text: '暂不参与', done: '已选择暂不参与' },
} as const;
export type CardReply = keyof typeof CARD_REPLIES;

/** Card replies are kept in the answers file under their own key: one per member, the latest wins. */
export const CARD_SURVEY = `${SURVEY.id}#card`;
/** Our cards' task_ids (1-128 of digits, letters, _ - @; unique per app): the survey's and 8 random bytes. */
const TASK_PREFIX = 'survey-';
const isReply = (key: string): key is CardReply => Object.hasOwn(CARD_REPLIES, key);

export function surveyCards(options: {
  wecom: WeComClient;
  wx: WxServer;
  db: SurveyDatabase;
  clock: () => number;
  link: string;
  logger?: Logger;
}) {
  const { wecom, wx, db, clock } = options;

  wx.on('template_card_event', async (event) => {
    const card = event.card;
    if (!card?.taskId.startsWith(TASK_PREFIX) || !isReply(card.eventKey)) return undefined;
    db.save({
      survey: CARD_SURVEY,
      userid: event.from,
      name: event.from,
      department: '',
      answers: { reply: card.eventKey, task: card.taskId },
      at: clock(),
    });
    try {
      await wecom.messages.updateTemplateCard({
        response_code: card.responseCode,
        userids: [event.from],
        button: { replace_name: CARD_REPLIES[card.eventKey].done },
      });
    } catch (error) {
      // The reply is recorded; a card left with live buttons is not worth the platform re-sending the event.
      options.logger?.warn?.(
        `survey: could not update the card for ${event.from}: ${(error as Error).message}`,
      );
    }
    return undefined;
  });

  return {
    /** POST /api/admin/card { department }: the survey as a button card to the department's members. */
    async send(request: Request): Promise<Response> {
      const body = (await request.json().catch(() => ({}))) as { department?: unknown };
      const department = Number(body.department);
      if (!Number.isInteger(department) || department < 1)
        return errorResponse(400, { code: 'bad_department', message: 'department must be a department id' });
      const taskId = `${TASK_PREFIX}${randomBytes(8).toString('hex')}`;
      try {
        const sent = await wecom.messages.send({
          toparty: [department],
          template_card: {
            card_type: 'button_interaction',
            main_title: { title: SURVEY.title, desc: SURVEY.intro },
            card_action: { type: 1, url: options.link },
            task_id: taskId,
            button_list: (Object.keys(CARD_REPLIES) as CardReply[]).map((key, i) => ({
              text: CARD_REPLIES[key].text,
              key,
              style: i + 1,
            })),
          },
        });
        return json({ ok: true, msgid: sent.msgid, taskId, delivered: department });
      } catch (error) {
        return platformFailure('send_failed', error);
      }
    },
    /** How members answered the cards so far. */
    tally(): Record<CardReply, number> {
      const counts = db.tally(CARD_SURVEY)['reply'] ?? {};
      return { will_answer: counts['will_answer'] ?? 0, not_now: counts['not_now'] ?? 0 };
    },
  };
}
