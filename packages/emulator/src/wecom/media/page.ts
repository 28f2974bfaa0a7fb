import type { Service } from '../../context.js';
import { asText, jsonBody } from '../../envelope.js';
import { controlError } from '../../refusal.js';
import { traffic } from '../../traffic.js';
import type { Platform } from '../../world.js';
import { formatOk } from './formats.js';
import { mediaStore } from './store.js';
import { serveMedia } from './transfer.js';

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
