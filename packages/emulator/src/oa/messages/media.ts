import { OA_MEDIA_LIMITS } from '@wxkit/core/rules';
import { guarded, type Service } from '../../context.js';
import { fail } from '../../envelope.js';
import { formatOk } from '../../wecom/media/formats.js';
import { mediaStore } from '../../wecom/media/store.js';
import { receiveUpload, serveMedia } from '../../wecom/media/transfer.js';

const starts = (data: Uint8Array, ...bytes: number[]) => bytes.every((b, i) => data[i] === b);

/**
 * The formats an Official Account takes (OA doc 新增临时素材: image PNG/JPEG/JPG/GIF, voice AMR/MP3, video MP4,
 * thumb JPG; also in SDK copies of the page, e.g. labrador's media docs). Unsure: whether the platform checks
 * the bytes or only the file name's extension; the emulator checks the bytes, being the stricter.
 */
export function oaFormatOk(type: string, data: Uint8Array): boolean {
  if (type === 'image')
    return formatOk('image', data) || Buffer.from(data.subarray(0, 4)).toString('latin1') === 'GIF8';
  if (type === 'voice')
    return formatOk('voice', data) || starts(data, 0x49, 0x44, 0x33) || starts(data, 0xff, 0xfb);
  if (type === 'thumb') return starts(data, 0xff, 0xd8, 0xff);
  return formatOk(type, data);
}

/**
 * The Official Account's temporary media: `POST /cgi-bin/media/upload` and `GET /cgi-bin/media/get` on
 * api.weixin.qq.com, in the same store as WeCom's and the page's uploadImage (3 days, scoped per account), so a
 * serverId from an OA page is a media_id the account's server can fetch.
 */
export const oaMedia: Service = {
  name: 'oa-media',
  platform: 'oa',
  register(app, ctx) {
    const oa = guarded(app, (c) => ctx.token(c, 'oa'));
    oa.post('/cgi-bin/media/upload', async (c, token) => {
      const stored = await receiveUpload(c, ctx.world(), 'oa', token.owner, OA_MEDIA_LIMITS, oaFormatOk);
      if (stored instanceof Response) return stored;
      // The OA's answer has no errcode and created_at as a number (doc sample).
      const key = stored.type === 'thumb' ? 'thumb_media_id' : 'media_id';
      return c.json({
        type: stored.type,
        [key]: stored.mediaId,
        created_at: Math.floor(stored.createdAt / 1000),
      });
    });

    oa.get('/cgi-bin/media/get', async (c, token) => {
      const mediaId = c.req.query('media_id');
      if (!mediaId) return fail(c, 'oa', 41006, 'media_id missing');
      const stored = mediaStore(ctx.world()).get('oa', token.owner, mediaId);
      if (!stored)
        return fail(c, 'oa', 40007, 'invalid media_id', "unknown, expired (3 days) or another account's");
      // A video comes back as a link to download it from, not as bytes (OA doc 获取临时素材).
      if (stored.type === 'video')
        return c.json({
          video_url: `${ctx.origin(c)}/_emulator/media/${encodeURIComponent(stored.mediaId)}`,
        });
      return serveMedia(c, stored);
    });
  },
};
