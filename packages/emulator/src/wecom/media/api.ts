import { guarded, type Service } from '../../context.js';
import { fail, ok } from '../../envelope.js';
import { weComCaller } from '../common.js';
import { formatOk, MEDIA_LIMITS } from './formats.js';
import { mediaStore } from './store.js';
import { receiveUpload, serveMedia } from './transfer.js';

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
