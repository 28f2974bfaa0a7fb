import { createHash, randomBytes } from 'node:crypto';
import { isRuleProblem, parseQrBody, type QrBodyParsed } from '@wxkit/core/rules';
import type { Context } from 'hono';
import { guarded, type Service } from '../../context.js';
import { answered, fail } from '../../envelope.js';
import { defineState, type World } from '../../world.js';
import { oaPost } from '../common.js';
import { qrJpeg } from './image.js';

/**
 * A ticket shaped like the platform's: base64 of a binary header and the code's short URL
 * ("gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==" decodes to
 * bytes, "http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI" and stamps). It carries +, / and =, so a client that does not
 * URL-encode it for showqrcode breaks here as it does on the platform.
 */
function mint(seed: Buffer): { ticket: string; url: string } {
  const id = seed.toString('base64url').slice(0, 22);
  const url = `http://weixin.qq.com/q/${id}`;
  const ticket = Buffer.concat([
    Buffer.from([0x81, 0x01, 0xf8, 0xee, 0x3a, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x2c]),
    Buffer.from(url),
    Buffer.from([0, 0x02, 0x04]),
    seed.subarray(0, 7),
  ]).toString('base64');
  return { ticket, url };
}

/** A code by ticket, temporary or permanent. */
/** One OA parametric QR code (qrcode/create), by ticket. */
export interface QrCodeRecord {
  ticket: string;
  appId: string;
  action: string;
  scene: number | string;
  permanent: boolean;
  url: string;
  createdAt: number;
  /** Temporary codes only. */
  expiresAt?: number;
  expireSeconds?: number;
  /** Scans so far (the console shows it). */
  scans: number;
}

/**
 * QR codes by ticket, temporary and permanent apart so a flood of temporary codes never pushes out a permanent one
 * (each account is also held to limits.permanentQrCodes). An expired code is kept a day so a scan can say
 * "expired" rather than "unknown".
 */
export const qrState = defineState('oa-qrcode', (store) => ({
  qrcodes: store.map<string, QrCodeRecord>(
    'qrcodes',
    10_000,
    (code, now) => (code.expiresAt ?? now) < now - 86_400_000,
  ),
  permanentQrcodes: store.map<string, QrCodeRecord>('permanentQrcodes', 100_000),
}));

export const findQrCode = (world: World, ticket: string): QrCodeRecord | undefined =>
  qrState.of(world).qrcodes.get(ticket) ?? qrState.of(world).permanentQrcodes.get(ticket);

export const qrExpired = (world: World, code: QrCodeRecord) =>
  code.expiresAt !== undefined && code.expiresAt <= world.now();

/** Codes of one account, newest first (the console). */
export function qrCodesOf(world: World, appId: string, limit = 50): QrCodeRecord[] {
  const mine = [...qrState.of(world).qrcodes.values(), ...qrState.of(world).permanentQrcodes.values()].filter(
    (q) => q.appId === appId,
  );
  return mine.sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
}

const permanentCount = (world: World, appId: string) => {
  let n = 0;
  for (const code of qrState.of(world).permanentQrcodes.values()) if (code.appId === appId) n++;
  return n;
};

type Made =
  | { ticket: string; url: string; expire_seconds?: number }
  | { errcode: number; text: string; note: string };

/** Stores a checked code for `appId` and answers what qrcode/create answers (or 45029). */
export function createQrCode(world: World, appId: string, parsed: QrBodyParsed): Made {
  const now = world.now();
  if (parsed.permanent) {
    const seed = createHash('sha256').update(`${appId}\0${parsed.action}\0${parsed.scene}`).digest();
    const { ticket, url } = mint(seed);
    if (qrState.of(world).permanentQrcodes.has(ticket)) return { ticket, url };
    const limit = world.seed.limits.permanentQrCodes;
    // Counting walks the codes, so only when the store could hold that many for one account.
    if (qrState.of(world).permanentQrcodes.size >= limit && permanentCount(world, appId) >= limit)
      return {
        errcode: 45029,
        text: 'qrcode count out of limit',
        note: `the account holds ${limit} permanent codes (limits.permanentQrCodes)`,
      };
    qrState.of(world).permanentQrcodes.set(ticket, {
      ticket,
      url,
      appId,
      action: parsed.action,
      scene: parsed.scene,
      permanent: true,
      createdAt: now,
      scans: 0,
    });
    return { ticket, url };
  }
  const { ticket, url } = mint(randomBytes(24));
  const expireSeconds = parsed.expireSeconds as number;
  qrState.of(world).qrcodes.set(ticket, {
    ticket,
    url,
    appId,
    action: parsed.action,
    scene: parsed.scene,
    permanent: false,
    createdAt: now,
    expiresAt: now + expireSeconds * 1000,
    expireSeconds,
    scans: 0,
  });
  return { ticket, expire_seconds: expireSeconds, url };
}

/**
 * POST /cgi-bin/qrcode/create (rules from core's `parseQrBody`, the one definition) and GET /cgi-bin/showqrcode.
 * A permanent code of a scene the account already has comes back as the same ticket and url and does not count
 * again (unsure: observed behaviour reported by practitioners, not in the doc).
 */
export const oaQrcode: Service = {
  name: 'oa-qrcode',
  platform: 'oa',
  register(app, ctx) {
    const oaJson = guarded(app, (c) => oaPost(ctx, c));
    oaJson.post('/cgi-bin/qrcode/create', async (c, post) => {
      const { token, body } = post;
      const parsed = parseQrBody(body);
      if (isRuleProblem(parsed)) {
        const text =
          parsed.errcode === 40052
            ? 'invalid action name'
            : parsed.errcode === 40053
              ? 'invalid action info, please check document'
              : 'invalid args';
        return fail(c, 'oa', parsed.errcode, text, parsed.message);
      }
      const made = createQrCode(ctx.world(), token.owner, parsed);
      if ('errcode' in made) return fail(c, 'oa', made.errcode, made.text, made.note);
      return c.json(made);
    });

    // Really on mp.weixin.qq.com and without a token ("本接口无须登录态即可调用"); an unknown ticket is HTTP 404
    // ("ticket非法时会返回HTTP错误码404", OA community answer 2023-10-12). Unsure: an expired ticket — treated alike.
    app.get('/cgi-bin/showqrcode', async (c: Context) => {
      const ticket = c.req.query('ticket') ?? '';
      const world = ctx.world();
      const code = findQrCode(world, ticket);
      if (!code || qrExpired(world, code)) {
        answered.set(c.req.raw, {
          errcode: -1,
          note: code
            ? 'showqrcode: the ticket has expired (HTTP 404)'
            : 'showqrcode: unknown ticket (HTTP 404; was it URL-encoded?)',
        });
        return c.text('Not Found', 404);
      }
      // A JPEG, as mp.weixin.qq.com serves it.
      return c.body(qrJpeg(code.url), 200, { 'content-type': 'image/jpeg' });
    });
  },
};
