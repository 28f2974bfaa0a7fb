import { type Check, isList, isText, TEMPLATE_CONTENT, TEMPLATE_ID } from '../../seed-check.js';

/**
 * The template-message part of an Official Account in the seed (`templates`, `industry`, `templateLibrary`,
 * `linkedMiniPrograms`), beside oa/messages.
 */

/** A template of the library (api_add_template `template_id_short`). */
export interface SeedLibraryTemplate {
  template_id_short: string;
  title: string;
  content: string;
  primary_industry?: string;
  deputy_industry?: string;
  example?: string;
}

/** A template of the account (template/get_all_private_template). */
export interface SeedTemplate {
  template_id: string;
  title: string;
  /** With `{{key.DATA}}` placeholders, e.g. "问卷：{{thing1.DATA}}\n提交时间：{{time2.DATA}}". */
  content: string;
  primary_industry?: string;
  deputy_industry?: string;
  example?: string;
}

export interface SeedMessagesPart {
  /** Template messages (oa-messages): the account's 我的模板; empty when the seed gives none. */
  templates?: SeedTemplate[];
  /** The two industries the templates come from (template/get_industry, set by api_set_industry). */
  industry?: { primary: [string, string]; secondary: [string, string] };
  /** When api_set_industry last set them (emulator clock, ms): once in 30 days (43100). */
  industrySetAt?: number;
  /** The template library api_add_template adds from (模板库: `TM00015`, or a 类目模板 number). */
  templateLibrary?: SeedLibraryTemplate[];
  /** AppIDs of the mini programs linked to the account: the only `miniprogram.appid` the sends take (40166). */
  linkedMiniPrograms?: string[];
}

/** The templates and linked mini programs of the account at `at` (`officialAccounts[0]`). */
export function checkMessagesPart(oa: SeedMessagesPart, at: string, check: Check): void {
  for (const [t, template] of (oa.templates ?? []).entries()) {
    check(
      typeof template.template_id === 'string' && TEMPLATE_ID.test(template.template_id),
      `${at}.templates[${t}].template_id`,
      '1-64 letters, digits, _ or -',
    );
    check(isText(template.title), `${at}.templates[${t}].title`, 'required');
    check(
      typeof template.content === 'string' && TEMPLATE_CONTENT.test(template.content),
      `${at}.templates[${t}].content`,
      'text with {{key.DATA}} placeholders',
    );
  }
  if (oa.linkedMiniPrograms !== undefined)
    check(
      isList(oa.linkedMiniPrograms) && oa.linkedMiniPrograms.every(isText),
      `${at}.linkedMiniPrograms`,
      'a list of mini program AppIDs',
    );
}
