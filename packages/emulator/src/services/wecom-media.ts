import { MEDIA_LIFETIME_MS, MEDIA_MIN_BYTES, WECOM_MEDIA_LIMITS } from '@wxkit/core/rules';
import type { Context } from 'hono';
import { guarded, type Service } from '../context.js';
import { asText, fail, jsonBody, ok } from '../envelope.js';
import { controlError } from '../refusal.js';
import { traffic } from '../traffic.js';
import { mediaStore, type StoredMedia } from '../wecom/media/store.js';
import type { Platform, World } from '../world.js';
import { weComCaller } from './wecom-common.js';

// The platform's upload limits and media life are core's facts (core/src/wecom/media.ts, with their sources).
export const MEDIA_LIMITS: Readonly<Record<string, number>> = WECOM_MEDIA_LIMITS;
export { MEDIA_LIFETIME_MS, MEDIA_MIN_BYTES };

/** Whether the bytes are in a format the type takes (doc 90253: image JPG/PNG, voice AMR, video MP4). */
export function formatOk(type: string, data: Uint8Array): boolean {
  const starts = (...bytes: number[]) => bytes.every((b, i) => data[i] === b);
  if (type === 'image')
    return starts(0xff, 0xd8, 0xff) || starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  if (type === 'voice') return Buffer.from(data.subarray(0, 6)).toString('latin1') === '#!AMR\n';
  if (type === 'video') return Buffer.from(data.subarray(4, 8)).toString('latin1') === 'ftyp';
  return true;
}

/**
 * The type media/get answers: the stored format's (doc sample `Content-Type: image/jpeg`), not what the uploader
 * declared; a file of no known format keeps the declared type.
 */
export function storedType(data: Uint8Array, declared: string): string {
  const starts = (...bytes: number[]) => bytes.every((b, i) => data[i] === b);
  const text = (from: number, to: number) => Buffer.from(data.subarray(from, to)).toString('latin1');
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (text(0, 4) === 'GIF8') return 'image/gif';
  if (text(0, 6) === '#!AMR\n') return 'audio/amr';
  if (text(4, 8) === 'ftyp') return 'video/mp4';
  if (text(0, 3) === 'ID3') return 'audio/mpeg';
  return declared || 'application/octet-stream';
}

/**
 * Content-Disposition as the doc's sample has it: one `filename="…"` (doc 90254, 96486; no RFC 6266 `filename*`).
 * A non-ASCII name goes out as its raw UTF-8 bytes (a header carries bytes); unverified how the platform encodes one
 * (practitioners report garbled names, which raw UTF-8 read as Latin-1 gives).
 */
export function disposition(filename: string): string {
  const name = filename.replace(/["\\\r\n]/g, '_');
  return `attachment; filename="${Buffer.from(name, 'utf8').toString('latin1')}"`;
}

/** `bytes=a-b` / `bytes=a-` / `bytes=-n` within `length`; undefined for anything else (served whole). */
export function byteRange(
  header: string | undefined,
  length: number,
): [number, number] | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, length - Number(match[2]));
    end = length - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? length - 1 : Math.min(Number(match[2]), length - 1);
  }
  if (start >= length || start > end) return 'unsatisfiable';
  return [start, end];
}

/** Serves a stored file, honouring Range (doc 90254 "支持断点下载（分块下载）"). */
export function serveMedia(c: Context, stored: StoredMedia): Response {
  const headers: Record<string, string> = {
    'content-type': stored.contentType,
    'content-disposition': disposition(stored.filename),
    'cache-control': 'no-cache, must-revalidate',
    'accept-ranges': 'bytes',
  };
  const total = stored.data.byteLength;
  const range = byteRange(c.req.header('range'), total);
  if (range === 'unsatisfiable')
    return new Response(null, { status: 416, headers: { ...headers, 'content-range': `bytes */${total}` } });
  if (range) {
    const [start, end] = range;
    return new Response(stored.data.slice(start, end + 1), {
      status: 206,
      headers: { ...headers, 'content-range': `bytes ${start}-${end}/${total}` },
    });
  }
  return new Response(stored.data.slice(), { status: 200, headers });
}

const FORMAT_NAMES: Record<string, string> = {
  image: 'JPG or PNG',
  voice: 'AMR',
  video: 'MP4',
  thumb: 'JPG',
};

/**
 * media/upload on either platform: the type and its limit, the multipart part `media`, the size and the format,
 * then the file stored for `owner`. The stored media, or the platform's error answer.
 */
export async function receiveUpload(
  c: Context,
  world: World,
  platform: Platform,
  owner: string,
  limits: Readonly<Record<string, number>>,
  format: (type: string, data: Uint8Array) => boolean,
): Promise<StoredMedia | Response> {
  const type = c.req.query('type') ?? '';
  const limit = limits[type];
  if (limit === undefined)
    return fail(
      c,
      platform,
      40004,
      'invalid media type',
      `type=${type || '(none)'}: ${Object.keys(limits).join(', ')}`,
    );
  // Refuse an oversized body before reading it into memory.
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > limit + 64 * 1024)
    return fail(
      c,
      platform,
      40006,
      'invalid file size',
      `${declared} bytes; a ${type} takes at most ${limit}`,
    );
  let media: unknown;
  try {
    media = (await c.req.parseBody())['media'];
  } catch {
    media = undefined;
  }
  if (!(media instanceof File))
    return fail(
      c,
      platform,
      41005,
      'media data missing',
      'send multipart/form-data with a file part named media',
    );
  const data = new Uint8Array(await media.arrayBuffer());
  if (data.byteLength <= MEDIA_MIN_BYTES || data.byteLength > limit)
    return fail(
      c,
      platform,
      40006,
      'invalid file size',
      `${data.byteLength} bytes; a ${type} must be more than ${MEDIA_MIN_BYTES} and at most ${limit}`,
    );
  if (!format(type, data))
    return fail(c, platform, 40005, 'invalid file type', `the bytes are not ${FORMAT_NAMES[type] ?? type}`);
  return mediaStore(world).add({
    platform,
    owner,
    type,
    filename: media.name || 'media',
    contentType: storedType(data, media.type),
    data,
    source: 'upload',
  });
}

/** media/upload and media/get (WeCom doc 90253, 90254): files stored 3 days, shared by the corp's apps. */
export const weComMedia: Service = {
  name: 'wecom-media',
  platform: 'wecom',
  register(app, ctx) {
    const wecom = guarded(app, (c) => weComCaller(ctx, c));
    wecom.post('/cgi-bin/media/upload', async (c, caller) => {
      const stored = await receiveUpload(c, ctx.world(), 'wecom', caller.corp.corpId, MEDIA_LIMITS, formatOk);
      if (stored instanceof Response) return stored;
      return ok(c, {
        errmsg: '',
        type: stored.type,
        media_id: stored.mediaId,
        // A string of epoch seconds in the doc's sample answer.
        created_at: String(Math.floor(stored.createdAt / 1000)),
      });
    });

    wecom.get('/cgi-bin/media/get', async (c, caller) => {
      const mediaId = c.req.query('media_id');
      if (!mediaId) return fail(c, 'wecom', 41006, 'media_id missing');
      const stored = mediaStore(ctx.world()).get('wecom', caller.corp.corpId, mediaId);
      if (!stored)
        return fail(
          c,
          'wecom',
          40007,
          'invalid media_id',
          'unknown, expired (3 days) or uploaded by another corp',
        );
      return serveMedia(c, stored);
    });
  },
};

const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' };
/** A page's image the bridge sends up: small pictures only (the control API's body limit applies too). */
export const PAGE_IMAGE_LIMIT = 512 * 1024;

/**
 * What the bridge's uploadImage/downloadImage call: the client uploads the chosen picture to the platform
 * under the app (WeCom corp or OA) whose config succeeded; the serverId is a media_id that app's server can
 * fetch with media/get for 3 days.
 */
export const pageMedia: Service = {
  name: 'page-media',
  register(app, ctx) {
    // The console's view of a stored file (any platform): loopback only, like the rest of /_emulator.
    app.get('/_emulator/media/:id', (c) => {
      const id = c.req.param('id');
      const stored = mediaStore(ctx.world())
        .list()
        .find((m) => m.mediaId === id);
      return stored
        ? serveMedia(c, stored)
        : controlError(c, `no media ${id} (unknown or past its 3 days)`, 404);
    });
    app.options('/_emulator/jssdk/media', (c) => c.body(null, 204, cors));
    app.post('/_emulator/jssdk/media', async (c) => {
      const world = ctx.world();
      const body = (await jsonBody(c)) ?? {};
      const appId = asText(body['appId'], '');
      const platform: Platform | undefined = world.corp(appId)
        ? 'wecom'
        : world.account(appId)
          ? 'oa'
          : undefined;
      if (!platform) return c.json({ ok: false, errMsg: 'no app configured on this page' }, 200, cors);
      const store = mediaStore(world);
      if (body['action'] === 'download') {
        const stored = store.get(platform, appId, asText(body['serverId'], ''));
        if (!stored) return c.json({ ok: false, errMsg: 'invalid serverId (unknown or expired)' }, 200, cors);
        return c.json(
          { ok: true, contentType: stored.contentType, data: Buffer.from(stored.data).toString('base64') },
          200,
          cors,
        );
      }
      const match = /^data:(image\/(?:jpeg|png));base64,([A-Za-z0-9+/=]+)$/.exec(asText(body['dataUrl'], ''));
      const data = match?.[2] ? new Uint8Array(Buffer.from(match[2], 'base64')) : undefined;
      if (!match || !data || data.byteLength > PAGE_IMAGE_LIMIT || !formatOk('image', data))
        return c.json(
          { ok: false, errMsg: 'the picture must be a JPEG or PNG data URL under 512 KB' },
          200,
          cors,
        );
      const contentType = match[1] ?? 'image/jpeg';
      const stored = store.add({
        platform,
        owner: appId,
        type: 'image',
        filename: `${asText(body['localId'], 'image').replace(/^.*\//, '')}.${contentType === 'image/png' ? 'png' : 'jpg'}`,
        contentType,
        data,
        source: 'page',
      });
      traffic.of(world).journal.push({
        at: world.now(),
        method: 'JSSDK',
        path: 'wx.uploadImage',
        errcode: 0,
        note: `${data.byteLength} bytes stored as media ${stored.mediaId.slice(0, 12)}… for ${appId}`,
      });
      return c.json({ ok: true, serverId: stored.mediaId }, 200, cors);
    });
  },
};
