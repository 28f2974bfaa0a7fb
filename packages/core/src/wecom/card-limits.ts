/** The template_card types and limits (doc 90236 "模板卡片消息", doc 90372), and the helpers of the card rules. */

import type { RuleProblem } from '../rules/problem.js';

export const TEMPLATE_CARD_TYPES = [
  'text_notice',
  'news_notice',
  'button_interaction',
  'vote_interaction',
  'multiple_interaction',
] as const;
export type TemplateCardType = (typeof TEMPLATE_CARD_TYPES)[number];

/** The card types a member can act on; they need a task_id and their send answers a response_code. */
export const INTERACTIVE_CARD_TYPES: readonly TemplateCardType[] = [
  'button_interaction',
  'vote_interaction',
  'multiple_interaction',
];

/** List and length limits of doc 90236 / 90372 (bytes are UTF-8). */
export const CARD_LIMITS = {
  taskIdBytes: 128,
  keyBytes: 1024,
  optionIdBytes: 128,
  horizontalContent: 6,
  jumpList: 3,
  verticalContent: 4,
  buttons: 6,
  actionMenu: 3,
  selectionOptions: 10,
  checkboxOptions: 20,
  selectList: 3,
  /** card_image.aspect_ratio: "宽高比要小于2.25，大于1.3，不填该参数默认1.3" (so 1.3 itself is taken). */
  aspectRatio: { min: 1.3, max: 2.25 },
} as const;

/** "taskid has existed or empty or exceed max len": the platform's one code for every task_id problem. */
export const TASK_ID_ERRCODE = 42014;
/** Invalid parameter: WeCom's answer for a card field that is missing, malformed or over a list limit. */
export const CARD_FIELD_ERRCODE = 40058;

export const TASK_ID = /^[0-9A-Za-z_\-@]+$/;
export const bytes = (s: string) => new TextEncoder().encode(s).length;
export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const text = (v: unknown): v is string => typeof v === 'string' && v !== '';
export const bad = (field: string, message: string, errcode = CARD_FIELD_ERRCODE): RuleProblem => ({
  field,
  message,
  errcode,
});

/** The interaction a card needs a task_id for: an interactive type, or any card with an action_menu. */
export function cardNeedsTaskId(card: Obj): boolean {
  return (
    INTERACTIVE_CARD_TYPES.includes(card['card_type'] as TemplateCardType) ||
    card['action_menu'] !== undefined
  );
}
