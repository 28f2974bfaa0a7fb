import type { ClientContext } from '../client/context.js';
import { createTemporaryMedia, type MediaFile, type UploadedMedia } from '../media/temporary.js';

export type OaMediaType = 'image' | 'voice' | 'video' | 'thumb';

/**
 * Official Account temporary media limits in bytes (OA doc 素材管理 → 新增临时素材: image 10M PNG/JPEG/JPG/GIF,
 * voice 2M AMR/MP3 up to 60 s, video 10MB MP4, thumb 64KB JPG). The media_id lives 3 days; a page's JS-SDK
 * uploadImage serverId is such a media_id too (JS-SDK doc: "上传图片有效期3天，可用微信多媒体接口下载图片到自己的服务器").
 */
export const OA_MEDIA_LIMITS: Readonly<Record<OaMediaType, number>> = {
  image: 10 * 1024 * 1024,
  voice: 2 * 1024 * 1024,
  video: 10 * 1024 * 1024,
  thumb: 64 * 1024,
};

export type OaUploadedMedia = UploadedMedia<OaMediaType>;

/** A video's media/get answer: a link to the file instead of the bytes (OA doc 获取临时素材). */
function videoUrl(file: MediaFile): URL | undefined {
  if (!/^(application\/json|text\/plain)/i.test(file.contentType) || file.data.byteLength > 4096)
    return undefined;
  try {
    const link = (JSON.parse(new TextDecoder().decode(file.data)) as { video_url?: unknown }).video_url;
    return typeof link === 'string' && /^https?:\/\//.test(link) ? new URL(link) : undefined;
  } catch {
    return undefined;
  }
}

export function createOaMedia(ctx: ClientContext) {
  const media = createTemporaryMedia(ctx, {
    base: ctx.hosts.api,
    limits: OA_MEDIA_LIMITS,
  });
  return {
    upload: media.upload,
    /**
     * GET /cgi-bin/media/get: the file as bytes. A video comes back as `{ video_url }`; it is fetched from there
     * (without the access_token), so every type gives the same MediaFile.
     */
    async get(mediaId: string): Promise<MediaFile> {
      const file = await media.get(mediaId);
      const link = videoUrl(file);
      if (!link) return file;
      return ctx.request<MediaFile>(link.origin, `${link.pathname}${link.search}`, { expect: 'media' });
    },
  };
}

export type OaMedia = ReturnType<typeof createOaMedia>;
