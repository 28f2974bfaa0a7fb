import { MEDIA_MIN_BYTES } from '@wxkit/core/rules';
import type { Context } from 'hono';
import { fail } from '../../envelope.js';
import type { Platform, World } from '../../world.js';
import { FORMAT_NAMES, storedType } from './formats.js';
import { mediaStore, type StoredMedia } from './store.js';

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
