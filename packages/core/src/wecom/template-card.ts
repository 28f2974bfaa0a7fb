import { inputError } from '../errors/place.js';
import type { RuleProblem } from '../rules/problem.js';
import { checkTemplateCard, type TemplateCardType } from './card-rules.js';
import { checkMpnews, type MpnewsArticle } from './mpnews-rules.js';

type Jump = { type?: 0 | 1 | 2; url?: string; appid?: string; pagepath?: string };
type Option = { id: string; text: string };

/** A template card (doc 90236 模板卡片消息). The fields of every card type; which are required depends on the type. */
export interface TemplateCard {
  card_type: TemplateCardType;
  /** Required for the interaction types and with action_menu: ≤128 bytes of [0-9a-zA-Z_-@], unique per app. */
  task_id?: string;
  source?: { icon_url?: string; desc?: string; desc_color?: 0 | 1 | 2 | 3 };
  action_menu?: { desc?: string; action_list: { text: string; key: string }[] };
  main_title?: { title?: string; desc?: string };
  quote_area?: Jump & { title?: string; quote_text?: string };
  emphasis_content?: { title?: string; desc?: string };
  sub_title_text?: string;
  horizontal_content_list?: {
    keyname: string;
    value?: string;
    type?: 0 | 1 | 2 | 3;
    url?: string;
    media_id?: string;
    userid?: string;
  }[];
  jump_list?: (Jump & { title: string })[];
  card_action?: Jump;
  card_image?: { url: string; aspect_ratio?: number };
  image_text_area?: Jump & { title?: string; desc?: string; image_url: string };
  vertical_content_list?: { title: string; desc?: string }[];
  button_selection?: { question_key: string; title?: string; option_list: Option[]; selected_id?: string };
  button_list?: { type?: 0 | 1; text: string; style?: number; key?: string; url?: string }[];
  checkbox?: { question_key: string; option_list: (Option & { is_checked?: boolean })[]; mode?: 0 | 1 };
  select_list?: { question_key: string; title?: string; selected_id?: string; option_list: Option[] }[];
  submit_button?: { text: string; key: string };
}

export type { MpnewsArticle };

/** Turns a rule the body breaks into the WxConfigError core throws before any call. */
export function refuse(problem: RuleProblem | undefined, prefix = ''): void {
  if (!problem) return;
  throw inputError(`${prefix}${problem.field} ${problem.message} (the platform answers ${problem.errcode})`);
}

/** Validates a template_card message body (throws WxConfigError naming the field and the errcode). */
export function assertTemplateCard(card: unknown, prefix = 'template_card.'): void {
  const [problem] = checkTemplateCard(card);
  refuse(problem, problem?.field === 'template_card' ? '' : prefix);
}

/** Validates an mpnews message body. */
export function assertMpnews(mpnews: unknown): void {
  refuse(checkMpnews(mpnews, true)[0]);
}
