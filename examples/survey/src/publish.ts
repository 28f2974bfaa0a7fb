import { createHash } from 'node:crypto';
import type { OfficialAccountClient } from '@wxkit/core';
import { errorResponse } from '@wxkit/server';
import type { SurveyDatabase } from './db.js';
import { json } from './edition.js';
import { SURVEY } from './survey.js';

/** "2026年12月2日 10:05" in China time, as the template's time field shows it. */
export function chinaTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * Publishing the results: a template message (模板消息, message/template/send) to every follower who answered,
 * linking to the results. The default seed's template is 问卷名称 {{thing1}} · 提交时间 {{time2}} · 结果 {{thing3}};
 * thing values are at most 20 characters. client_msg_id makes each send idempotent for 10 minutes (one message
 * per openid and id), so a retried publish does not message anyone twice. The id is the respondent's own answer
 * (its time), not the respondent count: one more answer between a publish and its retry must not re-message
 * everyone; a respondent who changed their answer is told again.
 */
export function publishResults(options: {
  oa: OfficialAccountClient;
  db: SurveyDatabase;
  survey: string;
  templateId: string | undefined;
  resultsUrl: string;
  clock: () => number;
}) {
  const { oa, db, survey, templateId, clock } = options;
  return async (): Promise<Response> => {
    if (!templateId)
      return errorResponse(400, {
        code: 'no_template',
        message: '未配置结果通知模板 (OA_RESULTS_TEMPLATE_ID)',
        hint: 'Set OA_RESULTS_TEMPLATE_ID to a template of the account (MP console → 模板消息)',
      });
    const respondents = db.list(survey);
    const total = respondents.length;
    const sent: string[] = [];
    const failed: { openid: string; errcode?: number; message: string }[] = [];
    for (const s of respondents) {
      const clientMsgId = `r${createHash('sha1').update(`${survey}:${s.userid}:${s.at}`).digest('hex').slice(0, 30)}`;
      try {
        await oa.templates.send({
          touser: s.userid,
          template_id: templateId,
          url: options.resultsUrl,
          data: {
            thing1: { value: SURVEY.title.slice(0, 20) },
            time2: { value: chinaTime(s.at) },
            thing3: { value: `已发布，共 ${total} 人参与` },
          },
          client_msg_id: clientMsgId,
        });
        sent.push(s.userid);
      } catch (error) {
        const e = error as { errcode?: number; message: string };
        failed.push({ openid: s.userid, ...(e.errcode ? { errcode: e.errcode } : {}), message: e.message });
      }
    }
    return json(
      { ok: failed.length === 0, total, sent: sent.length, failed, at: clock() },
      failed.length && !sent.length ? 502 : 200,
    );
  };
}
