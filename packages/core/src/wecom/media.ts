import type { ClientContext } from '../client/context.js';
import { WxConfigError } from '../errors/errors.js';
import type { MediaFile } from '../http/request.js';

const PKG = '@wxkit/core WeCom media';

export type WeComMediaType = 'image' | 'voice' | 'video' | 'file';

/**
 * Upload limits per type in bytes (WeCom doc 90253 "上传的媒体文件限制", page of 2024-07). Sources disagree on
 * images: the current page says 10 MB, older copies of the same page (2021 mirrors) say 2 MB; we follow the
 * current page. Every file must be larger than {@link MEDIA_MIN_BYTES}.
 */
export const WECOM_MEDIA_LIMITS: Readonly<Record<WeComMediaType, number>> = {
  image: 10 * 1024 * 1024,
  voice: 2 * 1024 * 1024,
  video: 10 * 1024 * 1024,
  file: 20 * 1024 * 1024,
};
/** "所有文件size必须大于5个字节": a file of 5 bytes or less is refused (40006). */
export const MEDIA_MIN_BYTES = 5;
/** media_id lives 3 days from the upload (doc 90253). */
export const MEDIA_LIFETIME_MS = 3 * 24 * 3600 * 1000;

export interface MediaUpload {
  /** The file's bytes. */
  data: Uint8Array | ArrayBuffer | Blob;
  /** The name the platform shows (a file message shows it as the file's name). */
  filename: string;
  /** Defaults to application/octet-stream. */
  contentType?: string;
}

export interface UploadedMedia {
  type: WeComMediaType;
  mediaId: string;
  /** Epoch seconds. */
  createdAt: number;
}

export type { MediaFile };

const size = (data: MediaUpload['data']) => (data instanceof Blob ? data.size : data.byteLength);

function checkUpload(type: unknown, file: MediaUpload | undefined): void {
  if (typeof type !== 'string' || !(type in WECOM_MEDIA_LIMITS))
    throw new WxConfigError(
      `${PKG}.upload: type must be image, voice, video or file (got ${JSON.stringify(type)}; the platform answers 40004)`,
    );
  if (!file || typeof file !== 'object')
    throw new WxConfigError(`${PKG}.upload: pass { data, filename } as the file`);
  const { data, filename } = file;
  if (!(data instanceof Uint8Array || data instanceof ArrayBuffer || data instanceof Blob))
    throw new WxConfigError(`${PKG}.upload: file.data must be a Uint8Array (a Buffer), ArrayBuffer or Blob`);
  // The name goes into a multipart header: quotes and line breaks would end it early.
  if (typeof filename !== 'string' || filename.trim() === '' || /["\r\n\\]/.test(filename))
    throw new WxConfigError(
      `${PKG}.upload: file.filename must be a non-empty name without quotes, backslashes or line breaks`,
    );
  const n = size(data);
  const max = WECOM_MEDIA_LIMITS[type as WeComMediaType];
  if (n <= MEDIA_MIN_BYTES || n > max)
    throw new WxConfigError(
      `${PKG}.upload: a ${type} must be more than ${MEDIA_MIN_BYTES} bytes and at most ${max / 1024 / 1024} MB (got ${n} bytes; the platform answers 40006)`,
    );
}

function checkMediaId(mediaId: unknown): asserts mediaId is string {
  if (typeof mediaId !== 'string' || mediaId.trim() === '' || mediaId.length > 512)
    throw new WxConfigError(
      `${PKG}.get: mediaId must be the media_id from media.upload or the page's uploadImage serverId (got ${JSON.stringify(mediaId)})`,
    );
}

export function createWeComMedia(ctx: ClientContext) {
  return {
    /** POST /cgi-bin/media/upload (multipart, part `media`): a media_id valid 3 days, shared by the corp's apps. */
    async upload(type: WeComMediaType, file: MediaUpload): Promise<UploadedMedia> {
      checkUpload(type, file);
      const form = new FormData();
      const blob =
        file.data instanceof Blob
          ? file.data
          : new Blob([file.data as ArrayBuffer], { type: file.contentType ?? 'application/octet-stream' });
      form.append('media', blob, file.filename);
      const data = await ctx.call<{ type: WeComMediaType; media_id: string; created_at: string | number }>(
        ctx.hosts.qyapi,
        '/cgi-bin/media/upload',
        { method: 'POST', query: { type }, body: form },
      );
      return { type: data.type, mediaId: data.media_id, createdAt: Number(data.created_at) };
    },
    /**
     * GET /cgi-bin/media/get: the file as bytes with its content-type and name. An expired or unknown media_id
     * throws WxApiError 40007 (the platform answers errors as JSON on this binary endpoint).
     */
    async get(mediaId: string): Promise<MediaFile> {
      checkMediaId(mediaId);
      return ctx.call<MediaFile>(ctx.hosts.qyapi, '/cgi-bin/media/get', {
        query: { media_id: mediaId },
        expect: 'media',
      });
    },
  };
}

export type WeComMedia = ReturnType<typeof createWeComMedia>;
