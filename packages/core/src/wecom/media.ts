import type { ClientContext } from '../client/context.js';
import {
  createTemporaryMedia,
  MEDIA_LIFETIME_MS,
  MEDIA_MIN_BYTES,
  type MediaFile,
  type MediaUpload,
  type UploadedMedia as Uploaded,
} from '../media/temporary.js';

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

export type { MediaFile, MediaUpload };
export { MEDIA_LIFETIME_MS, MEDIA_MIN_BYTES };
export type UploadedMedia = Uploaded<WeComMediaType>;

export function createWeComMedia(ctx: ClientContext) {
  return createTemporaryMedia(ctx, {
    base: ctx.hosts.qyapi,
    limits: WECOM_MEDIA_LIMITS,
  });
}

export type WeComMedia = ReturnType<typeof createWeComMedia>;
