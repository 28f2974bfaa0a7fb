import { inputError } from '../errors/place.js';
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
 * letters, phrase 5 Han characters; time, date and amount by format) and a value that breaks them is refused with
 * 47003 "argument invalid! data.<key>.value invalid" ("… is empty" for an empty one).
 * Unsure: that the OA's template/send enforces these typed limits exactly as subscribe/send does (practitioners'
 * reports say so for 类目模板 templates; no OA page states it), so the emulator may be stricter than the platform.
 * The formats take the stricter reading where captures and the doc differ (see TIME_FORMAT, DATE_FORMAT, AMOUNT).
 */
export interface TypedKeyword {
  max: number;
  /** The characters the type takes; undefined: any. */
  charset?: RegExp;
  what: string;
}

/** 2019年10月1日, 2019-10-01 or 2019/10/01. */
const DAY = String.raw`(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2})`;
/** 24-hour hours and minutes. */
const CLOCK = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d`;
/** One value or a range joined by an ASCII `~` (a full-width ～ is refused: practitioner capture of 47003). */
const span = (one: string) => new RegExp(String.raw`^${one}(?:\s*~\s*${one})?$`, 'u');

/**
 * time: "24小时制时间格式（支持+年月日）", e.g. 15:01 or 2019年10月1日 15:01. Stricter reading: no seconds
 * (a capture of `2023-03-24 11:50:00` answered 47003 "data.time14.value is empty"; others report seconds working).
 */
export const TIME_FORMAT = span(String.raw`(?:${DAY}\s*)?${CLOCK}`);
/**
 * date: "年月日格式（支持+24小时制时间）". Stricter reading: the date alone (a capture of the doc's own example
 * `2019年08月13日 15:00` answered 47003 "data.date7.value invalid"; only `2019年08月13日` went through).
 */
export const DATE_FORMAT = span(DAY);
/**
 * amount: "1个币种符号+10位以内纯数字，可带小数，结尾可带“元”". The symbol is optional here (captures send `6000.00`);
 * 10 digits in all (one copy of the table says 12: the stricter is kept).
 */
const AMOUNT = /^[¥￥$€£]?(?=(?:\D*\d){1,10}\D*$)\d+(?:\.\d+)?元?$/u;

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
  car_number: {
    max: 8,
    charset: /^[\p{Script=Han}A-Za-z0-9][A-Za-z0-9]*[\p{Script=Han}A-Za-z0-9]?$/u,
    what: 'a car number of at most 8 characters, letters and digits (Han only first and last)',
  },
  name: { max: 20, what: 'a name of at most 10 CJK characters or 20 letters' },
  phrase: { max: 5, charset: /^\p{Script=Han}*$/u, what: 'at most 5 Han characters' },
  time: {
    max: 64,
    charset: TIME_FORMAT,
    what: 'a 24-hour time such as 15:01 or 2019年10月1日 15:01 (a range: ~)',
  },
  date: { max: 64, charset: DATE_FORMAT, what: 'a date such as 2019年10月1日 or 2019-10-01 (a range: ~)' },
  amount: { max: 14, charset: AMOUNT, what: 'an amount such as ¥12.50 or 100元 (at most 10 digits)' },
};

/** What the platform shows of one field since 2023-05-04 (the rest is cut, not refused). */
export const TEMPLATE_FIELD_SHOWN = 20;

/** `thing12` → thing; `keyword1`, `first` → undefined (an untyped keyword of an old template). */
export function keywordType(key: string): TypedKeyword | undefined {
  const match = /^([a-z_]+?)_?(\d+)$/.exec(key);
  return match?.[1] && Object.hasOwn(TYPED_KEYWORDS, match[1]) ? TYPED_KEYWORDS[match[1]] : undefined;
}

const cjk = /[\u3000-\u9fff\uff00-\uffef]/u;

/**
 * The one fault `value` has against its keyword's type, as the platform words it (`text`: "data.thing1.value
 * invalid" / "… is empty", for errmsg) and as we explain it (`why`); undefined when fine (or the keyword is
 * untyped). {@link checkKeyword} gives the same as a list of problems.
 */
export function keywordFault(key: string, value: string): { text: string; why: string } | undefined {
  const type = keywordType(key);
  if (!type) return undefined;
  if (value.trim() === '') return { text: `data.${key}.value is empty`, why: `data.${key}.value is empty` };
  const chars = [...value];
  // name: 10 CJK characters or 20 letters.
  const length = key.startsWith('name') && cjk.test(value) ? chars.length * 2 : chars.length;
  if (length > type.max || (type.charset && !type.charset.test(value)))
    return {
      text: `data.${key}.value invalid`,
      why: `data.${key}.value must be ${type.what} (got ${JSON.stringify(value.slice(0, 40))}, ${chars.length} characters)`,
    };
  return undefined;
}

/** The keyword-type rule `value` breaks (47003), or none when fine (or the keyword is untyped). */
export function checkKeyword(key: string, value: string): RuleProblem[] {
  const fault = keywordFault(key, value);
  return fault ? [{ field: `data.${key}.value`, message: fault.why, errcode: 47003 }] : [];
}

/** The placeholders `{{name.DATA}}` of a template's content, in order, without repeats. */
export function placeholders(content: string): string[] {
  return [
    ...new Set([...content.matchAll(/\{\{\s*([A-Za-z0-9_]+)\.DATA\s*\}\}/g)].map((m) => m[1] as string)),
  ];
}

/**
 * `url` of a template message and `page` of a subscription notification: the web page a tap opens, http or https
 * only (anything else: 47003 from the emulator; the platform's exact answer is unverified).
 */
export const LINK_URL = /^https?:\/\/\S+$/;

/**
 * `miniprogram` of a template message or subscription notification: the appid of a mini program linked to the
 * account and optionally its page; only those two fields are sent. The appid "必须与发模板消息的公众号是绑定关联关系":
 * an unlinked one answers 40166 "invalid weapp appid" (the menu API's code for it; unverified for these two sends).
 */
export function assertMiniprogram(mp: unknown): { appid: string; pagepath?: string } {
  const { appid, pagepath } = (mp ?? {}) as { appid?: unknown; pagepath?: unknown };
  if (!mp || typeof mp !== 'object' || typeof appid !== 'string' || appid.trim() === '')
    throw inputError(
      `miniprogram needs the appid of a mini program linked to this account, and optionally pagepath`,
    );
  if (pagepath !== undefined && typeof pagepath !== 'string')
    throw inputError(`miniprogram.pagepath must be a page path such as pages/index?x=1`);
  return { appid, ...(pagepath !== undefined ? { pagepath } : {}) };
}

/**
 * `data` of a template message or subscription notification: one `{ value }` per `{{key.DATA}}`, each value
 * checked by its keyword type ({@link checkKeyword}); numbers become strings. `color` is kept only where the
 * API still takes it (template messages).
 */
export function assertTemplateData(
  data: unknown,
  { color = false }: { color?: boolean } = {},
): Record<string, { value: string; color?: string }> {
  if (!data || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length === 0)
    throw inputError(
      `data must be { key: { value } } with one key per {{key.DATA}} of the template (the platform answers 47003)`,
    );
  const out: Record<string, { value: string; color?: string }> = {};
  for (const [key, field] of Object.entries(data)) {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(key))
      throw inputError(`data key ${JSON.stringify(key)} is not a keyword name such as thing1`);
    const { value, color: tint } = (field ?? {}) as { value?: unknown; color?: unknown };
    if (typeof value !== 'string' && typeof value !== 'number')
      throw inputError(`data.${key} must be { value: string } (the platform answers 47003)`);
    const [problem] = checkKeyword(key, String(value));
    if (problem) throw inputError(`${problem.message} (the platform answers 47003)`);
    out[key] = { value: String(value), ...(color && typeof tint === 'string' ? { color: tint } : {}) };
  }
  return out;
}
