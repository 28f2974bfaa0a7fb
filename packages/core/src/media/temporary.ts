import type { ClientContext } from '../client/context.js';
import { inputError } from '../errors/place.js';
import type { MediaFile } from '../http/request.js';

/** "所有文件size必须大于5个字节": a file of 5 bytes or less is refused (40006). Both platforms. */
export const MEDIA_MIN_BYTES = 5;
/** A temporary media_id lives 3 days from the upload (WeCom doc 90253; OA 新增临时素材 "3天"). */
export const MEDIA_LIFETIME_MS = 3 * 24 * 3600 * 1000;

export interface MediaUpload {
  /** The file's bytes. */
  data: Uint8Array | ArrayBuffer | Blob;
  /** The name the platform shows (a file message shows it as the file's name). */
  filename: string;
  /** Defaults to application/octet-stream. */
  contentType?: string;
}

export interface UploadedMedia<T extends string = string> {
  type: T;
  mediaId: string;
  /** Epoch seconds. */
  createdAt: number;
}

export type { MediaFile };

/** What differs between the platforms' temporary media: the host, the types and their limits. */
export interface TemporaryMediaOptions<T extends string> {
  base: string;
  limits: Readonly<Record<T, number>>;
}

const size = (data: MediaUpload['data']) => (data instanceof Blob ? data.size : data.byteLength);

function assertUpload<T extends string>(
  { limits }: TemporaryMediaOptions<T>,
  type: unknown,
  file: MediaUpload | undefined,
): void {
  const types = Object.keys(limits);
  if (typeof type !== 'string' || !types.includes(type))
    throw inputError(
      `type must be ${types.slice(0, -1).join(', ')} or ${types[types.length - 1]} (got ${JSON.stringify(type)}; the platform answers 40004)`,
    );
  if (!file || typeof file !== 'object') throw inputError(`pass { data, filename } as the file`);
  const { data, filename } = file;
  if (!(data instanceof Uint8Array || data instanceof ArrayBuffer || data instanceof Blob))
    throw inputError(`file.data must be a Uint8Array (a Buffer), ArrayBuffer or Blob`);
  // The name goes into a multipart header: quotes and line breaks would end it early.
  if (typeof filename !== 'string' || filename.trim() === '' || /["\r\n\\]/.test(filename))
    throw inputError(`file.filename must be a non-empty name without quotes, backslashes or line breaks`);
  const n = size(data);
  const max = limits[type as T];
  const shown = max >= 1024 * 1024 ? `${max / 1024 / 1024} MB` : `${max / 1024} KB`;
  if (n <= MEDIA_MIN_BYTES || n > max)
    throw inputError(
      `a ${type} must be more than ${MEDIA_MIN_BYTES} bytes and at most ${shown} (got ${n} bytes; the platform answers 40006)`,
    );
}

function assertMediaId(mediaId: unknown): asserts mediaId is string {
  if (typeof mediaId !== 'string' || mediaId.trim() === '' || mediaId.length > 512)
    throw inputError(
      `mediaId must be the media_id from media.upload or the page's uploadImage serverId (got ${JSON.stringify(mediaId)})`,
    );
}

/** media/upload and media/get, the same on WeCom (qyapi) and Official Accounts (api): 3-day media_ids. */
export function createTemporaryMedia<T extends string>(
  ctx: ClientContext,
  options: TemporaryMediaOptions<T>,
) {
  return {
    /** POST /cgi-bin/media/upload (multipart, part `media`): a media_id valid 3 days. */
    async upload(type: T, file: MediaUpload): Promise<UploadedMedia<T>> {
      assertUpload(options, type, file);
      const form = new FormData();
      const blob =
        file.data instanceof Blob
          ? file.data
          : new Blob([file.data as ArrayBuffer], { type: file.contentType ?? 'application/octet-stream' });
      form.append('media', blob, file.filename);
      const data = await ctx.call<{
        type: T;
        media_id?: string;
        thumb_media_id?: string;
        created_at: string | number;
      }>(options.base, '/cgi-bin/media/upload', { method: 'POST', query: { type }, body: form });
      // WeCom answers created_at as a string, the OA as a number.
      // An OA thumb comes back as thumb_media_id (OA doc 新增临时素材; unsure whether media_id is there too).
      const mediaId = data.media_id ?? data.thumb_media_id ?? '';
      return { type: data.type, mediaId, createdAt: Number(data.created_at) };
    },
    /**
     * GET /cgi-bin/media/get: the file as bytes with its content-type and name. An expired or unknown media_id
     * throws WxApiError 40007 (the platform answers errors as JSON on this binary endpoint).
     */
    async get(mediaId: string): Promise<MediaFile> {
      assertMediaId(mediaId);
      return ctx.call<MediaFile>(options.base, '/cgi-bin/media/get', {
        query: { media_id: mediaId },
        expect: 'media',
      });
    },
  };
}
