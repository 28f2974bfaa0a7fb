import type { ClientContext } from '../client/context.js';
import { createTemporaryMedia, type UploadedMedia } from '../media/temporary.js';

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

export function createOaMedia(ctx: ClientContext) {
  return createTemporaryMedia(ctx, {
    pkg: '@wxkit/core Official Account media',
    base: ctx.hosts.api,
    limits: OA_MEDIA_LIMITS,
  });
}

export type OaMedia = ReturnType<typeof createOaMedia>;
