import type { Platform } from '../contract/platform.js';
import type { RuleProblem } from '../rules/problem.js';
import { BUTTON_TYPES, CLICK_LIKE_TYPES } from './types.js';

const TYPES: Record<Platform, readonly string[]> = BUTTON_TYPES;
// WeCom sub names ≤40 bytes; the current OA doc says ≤60 (older revisions said 40).
const SUB_NAME_BYTES: Record<Platform, number> = { wecom: 40, oa: 60 };

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every problem the platform would reject the menu for, with its path and errcode; empty when valid. */
export function checkMenu(menu: unknown, platform: Platform): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const add = (field: string, message: string, errcode: number) => problems.push({ field, message, errcode });
  if (!isObject(menu) || !Array.isArray(menu['button'])) {
    add('button', 'a menu is an object with a "button" array', 47001);
    return problems;
  }
  const top = menu['button'] as unknown[];
  if (top.length < 1 || top.length > 3) add('button', `1 to 3 top-level buttons, found ${top.length}`, 40016);
  for (const [i, button] of top.entries()) checkButton(button, `button[${i}]`, false, platform, add);
  return problems;
}

function checkButton(
  button: unknown,
  path: string,
  isSub: boolean,
  platform: Platform,
  add: (path: string, message: string, errcode: number) => void,
): void {
  if (!isObject(button)) {
    add(path, 'each button is an object', 47001);
    return;
  }
  const name = button['name'];
  const nameLimit = isSub ? SUB_NAME_BYTES[platform] : 16;
  if (typeof name !== 'string' || name.trim() === '')
    add(`${path}.name`, 'name is required', isSub ? 40025 : 40018);
  else if (bytes(name) > nameLimit) {
    add(
      `${path}.name`,
      `"${name}" is ${bytes(name)} bytes; at most ${nameLimit} UTF-8 bytes (a CJK character is 3)`,
      isSub ? 40025 : 40018,
    );
  }
  const subs = button['sub_button'];
  if (Array.isArray(subs) && subs.length > 0) {
    if (isSub) {
      add(`${path}.sub_button`, 'menus have two levels only', 40022);
      return;
    }
    if (button['type'] !== undefined) add(`${path}.type`, 'a button with sub_button has no type', 40017);
    if (subs.length > 5) add(`${path}.sub_button`, `1 to 5 sub buttons, found ${subs.length}`, 40023);
    for (const [j, sub] of subs.entries()) checkButton(sub, `${path}.sub_button[${j}]`, true, platform, add);
    return;
  }
  const type = button['type'];
  if (typeof type !== 'string' || !TYPES[platform].includes(type)) {
    const other =
      platform === 'wecom' && type === 'miniprogram'
        ? ' (WeCom calls it view_miniprogram)'
        : platform === 'oa' && type === 'view_miniprogram'
          ? ' (the Official Account calls it miniprogram)'
          : '';
    add(
      `${path}.type`,
      `unknown type ${JSON.stringify(type)}${other}; one of ${TYPES[platform].join(', ')}`,
      isSub ? 40024 : 40017,
    );
    return;
  }
  const need = (field: string, errcode: number) => {
    const value = button[field];
    if (typeof value !== 'string' || value === '')
      add(`${path}.${field}`, `type ${type} needs ${field}`, errcode);
    return typeof value === 'string' ? value : undefined;
  };
  if ((CLICK_LIKE_TYPES as readonly string[]).includes(type)) {
    const key = need('key', 40019);
    if (key && bytes(key) > 128)
      add(`${path}.key`, `key is ${bytes(key)} bytes; at most 128`, isSub ? 40026 : 40019);
  }
  if (type === 'view' || type === 'miniprogram') {
    const url = need('url', isSub ? 40027 : 40020);
    if (url && bytes(url) > 1024)
      add(`${path}.url`, `url is ${bytes(url)} bytes; at most 1024`, isSub ? 40027 : 40020);
    // The platforms' tables: 40054 "invalid sub button url domain", 40055 "invalid button url domain".
    if (url && !/^https?:\/\//.test(url))
      add(`${path}.url`, 'url must start with http:// or https://', isSub ? 40054 : 40055);
  }
  if (type === 'view_miniprogram' || type === 'miniprogram') {
    need('appid', 40015);
    need('pagepath', 40015);
  }
  if (type === 'media_id' || type === 'view_limited') need('media_id', 40015);
  if (type === 'article_id' || type === 'article_view_limited') need('article_id', 40015);
}
