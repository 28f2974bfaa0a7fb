import { WxConfigError } from '../errors/errors.js';
import type { RuleProblem } from '../rules/problem.js';
/**
 * The rules a template message's `data` meets, shared by core (checked before the call) and the emulator (answered
 * as the platform does).
 *
 * Source: OA doc 模板消息接口 (message/template/send: `data` is `{ key: { value } }` per the template's
 * `{{key.DATA}}` placeholders) and the announcement 关于规范公众号模板消息的再次公告 (2023-05-04: colours, emoji,
 * the first line and the remark are dropped; a field shows at most 20 characters, no line breaks — trimmed by the
 * platform, not refused). Templates from the 类目模板 library name their keywords by type (`thing1`,
 * `character_string2`, `time3`, …); their value limits are the subscribe-message ones (订阅消息参数值内容限制说明:
 * thing 20, character_string 32, number 32, letter 32, symbol 5, phone_number 17, car_number 8, name 10 CJK/20
 * letters, phrase 5) and a value past them is refused with 47003 "argument invalid! data.<key>.value invalid".
 * Unsure: that the OA's template/send enforces these typed limits exactly as subscribe/send does (practitioners'
 * reports say so for 类目模板 templates; no OA page states it), so the emulator may be stricter than the platform.
 */
export interface TypedKeyword {
  max: number;
  /** The characters the type takes; undefined: any. */
  charset?: RegExp;
  what: string;
}

export const TYPED_KEYWORDS: Readonly<Record<string, TypedKeyword>> = {
  thing: { max: 20, what: 'at most 20 characters' },
  character_string: {
    max: 32,
    charset: /^[\x20-\x7e]*$/,
    what: 'at most 32 letters, digits or ASCII symbols',
  },
  number: { max: 32, charset: /^-?\d+(\.\d+)?$/, what: 'a number of at most 32 digits' },
  letter: { max: 32, charset: /^[A-Za-z]*$/, what: 'at most 32 letters' },
  symbol: { max: 5, charset: /^[^\p{L}\p{N}]*$/u, what: 'at most 5 symbols' },
  phone_number: { max: 17, charset: /^[\d+\-() ]*$/, what: 'a phone number of at most 17 digits or symbols' },
  car_number: { max: 8, what: 'a car number of at most 8 characters' },
  name: { max: 20, what: 'a name of at most 10 CJK characters or 20 letters' },
  phrase: { max: 5, what: 'at most 5 characters' },
};

/** What the platform shows of one field since 2023-05-04 (the rest is cut, not refused). */
export const TEMPLATE_FIELD_SHOWN = 20;

/** `thing12` → thing; `keyword1`, `first` → undefined (an untyped keyword of an old template). */
export function keywordType(key: string): TypedKeyword | undefined {
  const match = /^([a-z_]+?)_?(\d+)$/.exec(key);
  return match?.[1] && Object.hasOwn(TYPED_KEYWORDS, match[1]) ? TYPED_KEYWORDS[match[1]] : undefined;
}

const cjk = /[\u3000-\u9fff\uff00-\uffef]/u;

/** The keyword-type rule `value` breaks (47003), or none when fine (or the keyword is untyped). */
export function checkKeyword(key: string, value: string): RuleProblem[] {
  const type = keywordType(key);
  if (!type) return [];
  const field = `data.${key}.value`;
  const chars = [...value];
  // name: 10 CJK characters or 20 letters.
  const length = key.startsWith('name') && cjk.test(value) ? chars.length * 2 : chars.length;
  if (length > type.max || (type.charset && !type.charset.test(value)))
    return [
      { field, message: `${field} must be ${type.what} (got ${chars.length} characters)`, errcode: 47003 },
    ];
  if (value.trim() === '') return [{ field, message: `${field} is empty`, errcode: 47003 }];
  return [];
}

/** The placeholders `{{name.DATA}}` of a template's content, in order, without repeats. */
export function placeholders(content: string): string[] {
  return [
    ...new Set([...content.matchAll(/\{\{\s*([A-Za-z0-9_]+)\.DATA\s*\}\}/g)].map((m) => m[1] as string)),
  ];
}

/**
 * `miniprogram` of a template message or subscription notification: the appid of a mini program linked to the
 * account and optionally its page; only those two fields are sent.
 */
export function assertMiniprogram(at: string, mp: unknown): { appid: string; pagepath?: string } {
  const { appid, pagepath } = (mp ?? {}) as { appid?: unknown; pagepath?: unknown };
  if (!mp || typeof mp !== 'object' || typeof appid !== 'string' || appid.trim() === '')
    throw new WxConfigError(
      `${at}: miniprogram needs the appid of a mini program linked to this account, and optionally pagepath`,
    );
  if (pagepath !== undefined && typeof pagepath !== 'string')
    throw new WxConfigError(`${at}: miniprogram.pagepath must be a page path such as pages/index?x=1`);
  return { appid, ...(pagepath !== undefined ? { pagepath } : {}) };
}

/**
 * `data` of a template message or subscription notification: one `{ value }` per `{{key.DATA}}`, each value
 * checked by its keyword type ({@link checkKeyword}); numbers become strings. `color` is kept only where the
 * API still takes it (template messages).
 */
export function assertTemplateData(
  at: string,
  data: unknown,
  { color = false }: { color?: boolean } = {},
): Record<string, { value: string; color?: string }> {
  if (!data || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length === 0)
    throw new WxConfigError(
      `${at}: data must be { key: { value } } with one key per {{key.DATA}} of the template (the platform answers 47003)`,
    );
  const out: Record<string, { value: string; color?: string }> = {};
  for (const [key, field] of Object.entries(data)) {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(key))
      throw new WxConfigError(`${at}: data key ${JSON.stringify(key)} is not a keyword name such as thing1`);
    const { value, color: tint } = (field ?? {}) as { value?: unknown; color?: unknown };
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new WxConfigError(`${at}: data.${key} must be { value: string } (the platform answers 47003)`);
    const [problem] = checkKeyword(key, String(value));
    if (problem) throw new WxConfigError(`${at}: ${problem.message} (the platform answers 47003)`);
    out[key] = { value: String(value), ...(color && typeof tint === 'string' ? { color: tint } : {}) };
  }
  return out;
}
