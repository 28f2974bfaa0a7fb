import { type Check, isText, TEMPLATE_CONTENT, TEMPLATE_ID } from '../../seed-check.js';

/** A subscription-notification template of the account (wxaapi/newtmpl/gettemplate `data[]`). */
export interface SeedSubscribeTemplate {
  priTmplId: string;
  title: string;
  /** With `{{key.DATA}}` placeholders of typed keywords, e.g. "问卷：{{thing1.DATA}}\n时间：{{time2.DATA}}". */
  content: string;
  example?: string;
  /** 2 one-time (default), 3 long-term. */
  type?: 2 | 3;
}

/** The subscription-notification templates (`subscribeTemplates`) of the account at `at` (`officialAccounts[0]`). */
export function checkSubscribeTemplates(
  templates: SeedSubscribeTemplate[] | undefined,
  at: string,
  check: Check,
): void {
  for (const [t, template] of (templates ?? []).entries()) {
    const where = `${at}.subscribeTemplates[${t}]`;
    check(
      typeof template.priTmplId === 'string' && TEMPLATE_ID.test(template.priTmplId),
      `${where}.priTmplId`,
      '1-64 letters, digits, _ or -',
    );
    check(isText(template.title), `${where}.title`, 'required');
    check(
      typeof template.content === 'string' && TEMPLATE_CONTENT.test(template.content),
      `${where}.content`,
      'text with {{key.DATA}} placeholders',
    );
    check(
      template.type === undefined || template.type === 2 || template.type === 3,
      `${where}.type`,
      '2 (one-time) or 3 (long-term)',
    );
  }
}
