/**
 * The template_card rules, one definition for core's validation and the emulator's answer (doc 90236 "模板卡片消息",
 * doc 90372 and their field tables as quoted by zsmhub/workweixin and PowerWeChat). The limits and constants are in
 * card-limits.ts.
 */
import { problems, type RuleProblem } from '../rules/problem.js';
import {
  bad,
  bytes,
  CARD_LIMITS,
  cardNeedsTaskId,
  isObj,
  type Obj,
  TASK_ID,
  TASK_ID_ERRCODE,
  TEMPLATE_CARD_TYPES,
  type TemplateCardType,
  text,
} from './card-limits.js';

export {
  CARD_FIELD_ERRCODE,
  CARD_LIMITS,
  cardNeedsTaskId,
  INTERACTIVE_CARD_TYPES,
  TASK_ID_ERRCODE,
  TEMPLATE_CARD_TYPES,
  type TemplateCardType,
} from './card-limits.js';

function checkTaskId(card: Obj): RuleProblem | undefined {
  const id = card['task_id'];
  if (id === undefined) {
    return cardNeedsTaskId(card)
      ? bad('task_id', 'is required for interactive cards and cards with an action_menu', TASK_ID_ERRCODE)
      : undefined;
  }
  if (typeof id !== 'string' || id === '')
    return bad('task_id', 'must be a non-empty string', TASK_ID_ERRCODE);
  if (bytes(id) > CARD_LIMITS.taskIdBytes)
    return bad('task_id', `is ${bytes(id)} bytes; at most ${CARD_LIMITS.taskIdBytes}`, TASK_ID_ERRCODE);
  if (!TASK_ID.test(id)) return bad('task_id', 'may hold only digits, letters and _ - @', TASK_ID_ERRCODE);
  return undefined;
}

/** A list field: absent is fine unless `min` > 0; otherwise an array of objects of `min`..`max` items. */
function list(card: Obj, name: string, min: number, max: number, path = name): Obj[] | RuleProblem {
  const value = card[name];
  if (value === undefined) return min > 0 ? bad(path, `is required (${min} to ${max} items)`) : [];
  if (!Array.isArray(value)) return bad(path, 'must be an array');
  if (value.length < min || value.length > max)
    return bad(path, `has ${value.length} items; ${min === 0 ? 'at most' : `${min} to`} ${max}`);
  const index = value.findIndex((item) => !isObj(item));
  if (index >= 0) return bad(`${path}[${index}]`, 'must be an object');
  return value as Obj[];
}

const isProblem = (v: unknown): v is RuleProblem => isObj(v) && typeof v['errcode'] === 'number';

/** A key the callback carries back: required, at most 1024 bytes. */
function checkKey(
  value: unknown,
  field: string,
  limit: number = CARD_LIMITS.keyBytes,
): RuleProblem | undefined {
  if (!text(value)) return bad(field, 'is required');
  if (bytes(value) > limit) return bad(field, `is ${bytes(value)} bytes; at most ${limit}`);
  return undefined;
}

/** url for type 1 and appid for type 2 (jump targets: quote_area, jump_list, card_action, image_text_area). */
function checkJump(
  item: Obj,
  field: string,
  types: readonly number[],
  required: boolean,
): RuleProblem | undefined {
  const type = item['type'] ?? (required ? undefined : 0);
  if (!types.includes(type as number)) return bad(`${field}.type`, `must be one of ${types.join(', ')}`);
  if (type === 1 && !text(item['url'])) return bad(`${field}.url`, 'is required when type is 1');
  if (type === 2 && !text(item['appid'])) return bad(`${field}.appid`, 'is required when type is 2');
  return undefined;
}

function checkOptions(options: Obj[], field: string): RuleProblem | undefined {
  const seen = new Set<string>();
  for (const [i, option] of options.entries()) {
    const problem = checkKey(option['id'], `${field}[${i}].id`, CARD_LIMITS.optionIdBytes);
    if (problem) return problem;
    if (seen.has(String(option['id']))) return bad(`${field}[${i}].id`, 'repeats another option id');
    seen.add(String(option['id']));
    if (!text(option['text'])) return bad(`${field}[${i}].text`, 'is required');
  }
  return undefined;
}

function checkCommon(card: Obj): RuleProblem | undefined {
  const type = card['card_type'] as TemplateCardType;
  const title = isObj(card['main_title']) ? card['main_title']['title'] : undefined;
  if (card['main_title'] !== undefined && !isObj(card['main_title']))
    return bad('main_title', 'must be an object');
  // Source: doc 90236 — text_notice may leave main_title.title out when sub_title_text is given; unsure whether
  // button_interaction takes the same exception (its table marks main_title.title optional too), so it does here.
  if (type === 'text_notice' || type === 'button_interaction') {
    if (!text(title) && !text(card['sub_title_text']))
      return bad('main_title.title', 'or sub_title_text is required (not both empty)');
  } else if (!text(title)) return bad('main_title.title', 'is required');
  const source = card['source'];
  if (source !== undefined) {
    if (!isObj(source)) return bad('source', 'must be an object');
    const color = source['desc_color'];
    if (color !== undefined && ![0, 1, 2, 3].includes(color as number))
      return bad('source.desc_color', 'must be 0 (grey), 1 (black), 2 (red) or 3 (green)');
  }
  const menu = card['action_menu'];
  if (menu !== undefined) {
    if (!isObj(menu)) return bad('action_menu', 'must be an object');
    const actions = list(menu, 'action_list', 1, CARD_LIMITS.actionMenu, 'action_menu.action_list');
    if (isProblem(actions)) return actions;
    const keys = new Set<string>();
    for (const [i, action] of actions.entries()) {
      if (!text(action['text'])) return bad(`action_menu.action_list[${i}].text`, 'is required');
      const problem = checkKey(action['key'], `action_menu.action_list[${i}].key`);
      if (problem) return problem;
      if (keys.has(String(action['key'])))
        return bad(`action_menu.action_list[${i}].key`, 'repeats another key');
      keys.add(String(action['key']));
    }
  }
  const quote = card['quote_area'];
  if (quote !== undefined) {
    if (!isObj(quote)) return bad('quote_area', 'must be an object');
    const problem = checkJump(quote, 'quote_area', [0, 1, 2], false);
    if (problem) return problem;
  }
  const horizontal = list(card, 'horizontal_content_list', 0, CARD_LIMITS.horizontalContent);
  if (isProblem(horizontal)) return horizontal;
  for (const [i, item] of horizontal.entries()) {
    const field = `horizontal_content_list[${i}]`;
    if (!text(item['keyname'])) return bad(`${field}.keyname`, 'is required');
    const kind = item['type'] ?? 0;
    if (![0, 1, 2, 3].includes(kind as number))
      return bad(`${field}.type`, 'must be 0, 1 (url), 2 (file) or 3 (member)');
    if (kind === 1 && !text(item['url'])) return bad(`${field}.url`, 'is required when type is 1');
    if (kind === 2 && !text(item['media_id'])) return bad(`${field}.media_id`, 'is required when type is 2');
    if (kind === 3 && !text(item['userid'])) return bad(`${field}.userid`, 'is required when type is 3');
  }
  const jumps = list(card, 'jump_list', 0, CARD_LIMITS.jumpList);
  if (isProblem(jumps)) return jumps;
  for (const [i, item] of jumps.entries()) {
    if (!text(item['title'])) return bad(`jump_list[${i}].title`, 'is required');
    const problem = checkJump(item, `jump_list[${i}]`, [0, 1, 2], false);
    if (problem) return problem;
  }
  const action = card['card_action'];
  // Source: doc 90236 marks card_action required for text_notice and news_notice; optional for the others.
  if (action === undefined) {
    if (type === 'text_notice' || type === 'news_notice')
      return bad('card_action', `is required for ${type}`);
  } else {
    if (!isObj(action)) return bad('card_action', 'must be an object');
    const types = type === 'text_notice' || type === 'news_notice' ? [1, 2] : [0, 1, 2];
    const problem = checkJump(action, 'card_action', types, true);
    if (problem) return problem;
  }
  return undefined;
}

function checkNews(card: Obj): RuleProblem | undefined {
  const image = card['card_image'];
  const area = card['image_text_area'];
  if (image === undefined && area === undefined)
    return bad('card_image', 'or image_text_area is required for news_notice');
  if (image !== undefined) {
    if (!isObj(image) || !text(image['url'])) return bad('card_image.url', 'is required');
    const ratio = image['aspect_ratio'];
    const { min, max } = CARD_LIMITS.aspectRatio;
    if (ratio !== undefined && (typeof ratio !== 'number' || !(ratio >= min && ratio <= max)))
      return bad('card_image.aspect_ratio', `must be a number from ${min} to ${max}`);
  }
  if (area !== undefined) {
    if (!isObj(area) || !text(area['image_url'])) return bad('image_text_area.image_url', 'is required');
    const problem = checkJump(area, 'image_text_area', [0, 1, 2], false);
    if (problem) return problem;
  }
  const vertical = list(card, 'vertical_content_list', 0, CARD_LIMITS.verticalContent);
  if (isProblem(vertical)) return vertical;
  const index = vertical.findIndex((item) => !text(item['title']));
  return index >= 0 ? bad(`vertical_content_list[${index}].title`, 'is required') : undefined;
}

function checkButtons(card: Obj): RuleProblem | undefined {
  const buttons = list(card, 'button_list', 1, CARD_LIMITS.buttons);
  if (isProblem(buttons)) return buttons;
  const keys = new Set<string>();
  for (const [i, button] of buttons.entries()) {
    const field = `button_list[${i}]`;
    if (!text(button['text'])) return bad(`${field}.text`, 'is required');
    const kind = button['type'] ?? 0;
    if (kind !== 0 && kind !== 1) return bad(`${field}.type`, 'must be 0 (callback) or 1 (url)');
    if (kind === 1 && !text(button['url'])) return bad(`${field}.url`, 'is required when type is 1');
    if (kind === 0) {
      const problem = checkKey(button['key'], `${field}.key`);
      if (problem) return problem;
      if (keys.has(String(button['key']))) return bad(`${field}.key`, 'repeats another button key');
      keys.add(String(button['key']));
    }
  }
  const selection = card['button_selection'];
  if (selection === undefined) return undefined;
  if (!isObj(selection)) return bad('button_selection', 'must be an object');
  const problem = checkKey(selection['question_key'], 'button_selection.question_key');
  if (problem) return problem;
  const options = list(
    selection,
    'option_list',
    1,
    CARD_LIMITS.selectionOptions,
    'button_selection.option_list',
  );
  return isProblem(options) ? options : checkOptions(options, 'button_selection.option_list');
}

function checkSubmit(card: Obj): RuleProblem | undefined {
  const submit = card['submit_button'];
  if (!isObj(submit)) return bad('submit_button', `is required for ${String(card['card_type'])}`);
  if (!text(submit['text'])) return bad('submit_button.text', 'is required');
  return checkKey(submit['key'], 'submit_button.key');
}

function checkVote(card: Obj): RuleProblem | undefined {
  const box = card['checkbox'];
  if (!isObj(box)) return bad('checkbox', 'is required for vote_interaction');
  const problem = checkKey(box['question_key'], 'checkbox.question_key');
  if (problem) return problem;
  if (box['mode'] !== undefined && box['mode'] !== 0 && box['mode'] !== 1)
    return bad('checkbox.mode', 'must be 0 (single choice) or 1 (multiple choice)');
  const options = list(box, 'option_list', 1, CARD_LIMITS.checkboxOptions, 'checkbox.option_list');
  if (isProblem(options)) return options;
  return checkOptions(options, 'checkbox.option_list') ?? checkSubmit(card);
}

function checkMultiple(card: Obj): RuleProblem | undefined {
  const selects = list(card, 'select_list', 1, CARD_LIMITS.selectList);
  if (isProblem(selects)) return selects;
  const keys = new Set<string>();
  for (const [i, select] of selects.entries()) {
    const problem = checkKey(select['question_key'], `select_list[${i}].question_key`);
    if (problem) return problem;
    if (keys.has(String(select['question_key'])))
      return bad(`select_list[${i}].question_key`, 'repeats another question_key');
    keys.add(String(select['question_key']));
    const options = list(
      select,
      'option_list',
      1,
      CARD_LIMITS.selectionOptions,
      `select_list[${i}].option_list`,
    );
    if (isProblem(options)) return options;
    const optionProblem = checkOptions(options, `select_list[${i}].option_list`);
    if (optionProblem) return optionProblem;
  }
  return checkSubmit(card);
}

function firstProblem(card: unknown): RuleProblem | undefined {
  if (!isObj(card)) return bad('template_card', 'must be an object');
  const type = card['card_type'];
  if (!TEMPLATE_CARD_TYPES.includes(type as TemplateCardType))
    return bad('card_type', `must be one of ${TEMPLATE_CARD_TYPES.join(', ')}`);
  const problem = checkTaskId(card) ?? checkCommon(card);
  if (problem) return problem;
  if (type === 'news_notice') return checkNews(card);
  if (type === 'button_interaction') return checkButtons(card);
  if (type === 'vote_interaction') return checkVote(card);
  if (type === 'multiple_interaction') return checkMultiple(card);
  return undefined;
}

/** The rule `card` breaks first (the one the platform answers for), or none when the platform would take it. */
export const checkTemplateCard = (card: unknown): RuleProblem[] => problems(firstProblem(card));
