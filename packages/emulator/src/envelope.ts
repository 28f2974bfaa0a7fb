import { randomBytes, randomInt } from 'node:crypto';
import type { Context } from 'hono';
import type { Platform } from './world.js';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');

/**
 * The errcode of every "not emulated" answer. Not a platform code: neither WeCom's nor the Official Account's
 * global code lists nor @wxkit/core's catalog has it (the platform's own negatives are -1 and the callback
 * crypto codes -40001…-40012). Always with HTTP 501 and `not_emulated: true`.
 */
export const NOT_EMULATED = -10501;

/**
 * errmsg shaped like the platform's.
 * - WeCom: `<text>, hint: [<25 digits>], from ip: <ip>, more info at https://open.work.weixin.qq.com/devtool/query?e=<code>`.
 *   The hint is unix seconds and 15 more digits in public captures (`hint: [1686402237354962763423746]`).
 * - OA: `<text>, rid: <8hex>-<8hex>-<8hex>` in most captures; a few texts (40164's "not in whitelist") end without
 *   the comma, so `bareRid` leaves it out.
 */
export function errmsg(
  platform: Platform,
  errcode: number,
  text: string,
  ip = '127.0.0.1',
  bareRid = false,
  now = Date.now(),
): string {
  return platform === 'wecom'
    ? `${text}, hint: [${Math.floor(now / 1000)}${digits(15)}], from ip: ${ip}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`
    : `${text}${bareRid ? '' : ','} rid: ${hex(4)}-${hex(4)}-${hex(4)}`;
}

/** The emulator clock of each platform request (set by the app's middleware), so errmsg hints follow it. */
export const requestClock = new WeakMap<Request, number>();

/** What each answer carried, for the journal and stats (no need to re-read the body): errcode and our note. */
export const answered = new WeakMap<Request, { errcode: number; note?: string }>();

/**
 * WeCom error replies also carry `Error-Code` / `Error-Msg` headers (one public capture of a real reply, go-laoji
 * wecom-go-sdk README; unverified for successful replies, so only errors get them). Header values must be
 * Latin-1; an errmsg that is not is left out of the header.
 */
function weComHeaders(errcode: number, message: string): Record<string, string> {
  const headers: Record<string, string> = { 'Error-Code': String(errcode) };
  if (/^[\x20-\x7e]*$/.test(message)) headers['Error-Msg'] = message;
  return headers;
}

/**
 * A platform error. `text` is the platform's own phrase (kept short and exact); `note` is the emulator's
 * explanation, which goes to the journal and the console, never into errmsg.
 */
export function fail(
  c: Context,
  platform: Platform,
  errcode: number,
  text: string,
  note?: string,
  options: { bareRid?: boolean } = {},
) {
  answered.set(c.req.raw, note === undefined ? { errcode } : { errcode, note });
  const message = errmsg(platform, errcode, text, clientIp(c), options.bareRid, requestClock.get(c.req.raw));
  return c.json(
    { errcode, errmsg: message },
    200,
    platform === 'wecom' ? weComHeaders(errcode, message) : {},
  );
}

/** The one answer for anything the emulator does not emulate: HTTP 501, errcode {@link NOT_EMULATED}. */
export function notEmulated(c: Context, platform: Platform, what: string) {
  answered.set(c.req.raw, { errcode: NOT_EMULATED, note: `not emulated: ${what}` });
  return c.json(
    {
      errcode: NOT_EMULATED,
      errmsg: `not emulated: ${what} (${platform === 'wecom' ? 'WeCom' : 'Official Account'}; wxkit emulator, see its README)`,
      not_emulated: true,
    },
    501,
  );
}

/** A journal note on an answer that succeeds (a rule the emulator applied that the sources leave unsure). */
export function journalNote(c: Context, note: string): void {
  answered.set(c.req.raw, { errcode: answered.get(c.req.raw)?.errcode ?? 0, note });
}

export function ok(c: Context, data: Record<string, unknown> = {}) {
  return c.json({ errcode: 0, errmsg: 'ok', ...data });
}

/** The caller's IP: `x-wxkit-client-ip` (so tests can play another machine), else the socket's address. */
export function clientIp(c: Context): string {
  const header = c.req.header('x-wxkit-client-ip');
  if (header) return header;
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const address = env?.incoming?.socket?.remoteAddress ?? '127.0.0.1';
  return address.replace(/^::ffff:/, '');
}

export async function jsonBody(c: Context): Promise<Record<string, unknown> | undefined> {
  try {
    const body = (await c.req.json()) as unknown;
    return body && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Any JSON value from a request as text for a message or a lookup: a string as it is, an object as JSON. `String()`
 * on a parsed object throws for `{"toString": {…}}` (an emulator 500 instead of the platform's errcode).
 */
export function asText(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return fallback;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
