import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { Platform } from './world.js';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** errmsg shaped like the platform's: WeCom appends hint/ip/more-info, the Official Account a rid. */
export function errmsg(platform: Platform, errcode: number, text: string, ip = '127.0.0.1'): string {
  return platform === 'wecom'
    ? `${text}, hint: [${Math.floor(Date.now() / 1000)}-${hex(4)}], from ip: ${ip}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`
    : `${text} rid: ${hex(4)}-${hex(4)}-${hex(4)}`;
}

/** The errcode each answer carried, for the journal and stats (no need to re-read the body). */
export const answered = new WeakMap<Request, number>();

export function fail(c: Context, platform: Platform, errcode: number, text: string) {
  answered.set(c.req.raw, errcode);
  return c.json({ errcode, errmsg: errmsg(platform, errcode, text, clientIp(c)) });
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
