import type { WeComClient } from '@wxkit/core';
import { errorResponse } from '@wxkit/server';
import { json, platformFailure } from './edition.js';
import { SURVEY } from './survey.js';

/**
 * POST /api/admin/send { department }: the survey as a textcard to a department's members, sent with `wecom`
 * (an own app's client, or a corp client of the third-party app: its token and agentid reach only that corp).
 */
export async function sendTextcard(wecom: WeComClient, request: Request, link: string): Promise<Response> {
  const body = (await request.json().catch(() => ({}))) as { department?: unknown };
  const department = Number(body.department);
  if (!Number.isInteger(department) || department < 1)
    return errorResponse(400, { code: 'bad_department', message: 'department must be a department id' });
  try {
    const result = await wecom.messages.send({
      toparty: [department],
      textcard: {
        title: SURVEY.title,
        description: `<div class="gray">${SURVEY.intro}</div><div class="highlight">请在本周内填写</div>`,
        url: link,
        btntxt: '去填写',
      },
    });
    return json({ ok: true, msgid: result.msgid, delivered: department });
  } catch (error) {
    return platformFailure('send_failed', error);
  }
}
