import { randomBytes } from 'node:crypto';
import type { XmlFields } from '@wxkit/core';
import { buildQrCodeBody, isRuleProblem, OPENID_PATTERN, parseQrBody } from '@wxkit/core/rules';
import type { Service } from '../../context.js';
import { asText, jsonBody } from '../../envelope.js';
import { controlError } from '../../refusal.js';
import type { SeedFollower } from '../../seed.js';
import { SEED_CAPS } from '../../seed.js';
import { oaStamp, originalId, pushToAccount } from '../../services/oa-callbacks.js';
import { followerOf, isFollowing, setFollowing } from '../../services/oa-follow.js';
import { createQrCode, findQrCode, qrExpired } from './qrcodes.js';

export interface ScanReply {
  pushed: 'subscribe' | 'SCAN';
  openid: string;
  ticket: string;
  scene: number | string;
  /** HTTP status of the app's answer (0: it did not answer). */
  status?: number;
  /** The app's passive reply XML (decrypted in safe mode), when it gave one. */
  reply?: string;
  /** Why nothing was delivered (no server URL saved, or the server did not answer). */
  error?: string;
}

// An openid shaped like the platform's: 28 characters, base64url.
const newOpenid = () => `o${randomBytes(21).toString('base64url').slice(0, 27)}`;

/**
 * `POST /_emulator/oa/scan { ticket, appId?, openid?, nickname? }`: what a phone does when WeChat scans a parametric
 * QR code. OA doc 生成带参数的二维码: "如果用户还未关注公众号，则用户可以关注公众号，关注后微信会将带场景值关注事件推送给开发者"
 * (subscribe, EventKey `qrscene_<scene>`, Ticket); "如果用户已经关注公众号……推送带场景值扫描事件" (SCAN, EventKey
 * `<scene>`, Ticket). The follow is recorded (subscribe_scene ADD_SCENE_QR_CODE, qr_scene / qr_scene_str) for user/info.
 * An expired code is refused as the phone refuses it ("二维码已过期").
 */
export const oaScan: Service = {
  name: 'oa-scan',
  register(app, ctx) {
    // The console's "new QR code" (no token needed): { appId?, scene, permanent?, expireSeconds? }, core's rules.
    app.post('/_emulator/oa/qrcode', async (c) => {
      const body = (await jsonBody(c)) ?? {};
      const world = ctx.world();
      const appId = typeof body['appId'] === 'string' ? body['appId'] : world.seed.officialAccounts[0]?.appId;
      if (!appId || !world.account(appId))
        return controlError(c, `no Official Account ${String(appId)} in the seed`);
      let parsed: ReturnType<typeof parseQrBody>;
      try {
        const scene = body['scene'];
        const request =
          body['permanent'] === true
            ? { permanent: true as const, scene: scene as string }
            : {
                scene: scene as string,
                ...(body['expireSeconds'] !== undefined
                  ? { expireSeconds: Number(body['expireSeconds']) }
                  : {}),
              };
        parsed = parseQrBody(buildQrCodeBody(request));
      } catch (error) {
        return controlError(c, (error as Error).message);
      }
      if (isRuleProblem(parsed)) return controlError(c, parsed.message);
      const made = createQrCode(world, appId, parsed);
      if ('errcode' in made) return controlError(c, `${made.errcode} ${made.text}: ${made.note}`);
      return c.json({ ...made, image: `/cgi-bin/showqrcode?ticket=${encodeURIComponent(made.ticket)}` });
    });
    // A user unfollowing (取消关注): user/info then answers subscribe 0, and the app gets `unsubscribe`.
    app.post('/_emulator/oa/unfollow', async (c) => {
      const body = (await jsonBody(c)) ?? {};
      const world = ctx.world();
      const appId = typeof body['appId'] === 'string' ? body['appId'] : world.seed.officialAccounts[0]?.appId;
      const account = appId ? world.account(appId) : undefined;
      if (!account) return controlError(c, `no Official Account ${String(appId)} in the seed`);
      const openid = asText(body['openid'], '');
      if (!isFollowing(account, openid)) return controlError(c, `${openid} does not follow ${account.appId}`);
      const follower = setFollowing(account, openid, false) as SeedFollower;
      const delivery = await pushToAccount(world, account.appId, {
        ToUserName: originalId(account.appId),
        FromUserName: follower.openid,
        CreateTime: oaStamp(world),
        MsgType: 'event',
        Event: 'unsubscribe',
        EventKey: '',
      });
      return c.json({
        pushed: 'unsubscribe',
        openid: follower.openid,
        ...(delivery ? { status: delivery.status } : { error: 'no server URL saved: nothing was pushed' }),
      });
    });
    app.post('/_emulator/oa/scan', async (c) => {
      const body = (await jsonBody(c)) ?? {};
      const world = ctx.world();
      const ticket = body['ticket'];
      if (typeof ticket !== 'string' || ticket === '')
        return controlError(
          c,
          'pass {"ticket": "…"} from qrcode/create (and optionally openid, nickname, appId)',
        );
      const code = findQrCode(world, ticket);
      if (!code)
        return controlError(
          c,
          'unknown ticket: no QR code with this ticket (is it the whole ticket, URL-decoded?)',
        );
      if (typeof body['appId'] === 'string' && body['appId'] !== code.appId)
        return controlError(c, `this QR code belongs to ${code.appId}, not ${body['appId']}`);
      if (qrExpired(world, code))
        return controlError(
          c,
          `二维码已过期: this temporary QR code expired at ${new Date(code.expiresAt as number).toISOString()} (it lived ${code.expireSeconds} s); create a new one`,
        );
      const account = world.account(code.appId);
      if (!account) return controlError(c, `no Official Account ${code.appId} in the seed`);
      const openid =
        typeof body['openid'] === 'string' && body['openid'] !== '' ? body['openid'] : newOpenid();
      if (!OPENID_PATTERN.test(openid)) return controlError(c, 'openid must be 1-64 letters, digits, - or _');
      const nickname =
        typeof body['nickname'] === 'string' && body['nickname'] !== ''
          ? body['nickname'].slice(0, 64)
          : '微信用户';
      const follows = isFollowing(account, openid);
      const known = followerOf(account, openid) !== undefined;
      if (!follows) {
        const follower = setFollowing(account, openid, true, {
          ...(known ? {} : { nickname }),
          subscribeTime: Math.floor(world.now() / 1000),
          subscribeScene: 'ADD_SCENE_QR_CODE',
          qrScene: typeof code.scene === 'number' ? code.scene : 0,
          qrSceneStr: typeof code.scene === 'string' ? code.scene : '',
        });
        if (!follower)
          return controlError(c, `the emulator keeps at most ${SEED_CAPS.followers} followers per account`);
      }
      code.scans++;
      const fields: XmlFields = {
        ToUserName: originalId(account.appId),
        FromUserName: openid,
        CreateTime: oaStamp(world),
        MsgType: 'event',
        Event: follows ? 'SCAN' : 'subscribe',
        EventKey: follows ? String(code.scene) : `qrscene_${code.scene}`,
        Ticket: ticket,
      };
      const result: ScanReply = { pushed: follows ? 'SCAN' : 'subscribe', openid, ticket, scene: code.scene };
      const delivery = await pushToAccount(world, account.appId, fields);
      if (!delivery)
        result.error =
          'no server URL saved for this account (POST /_emulator/oa/callback): the follow is recorded, nothing was pushed';
      else {
        result.status = delivery.status;
        if ('reply' in delivery && delivery.reply !== undefined) result.reply = delivery.reply;
        if ('error' in delivery && delivery.error) result.error = delivery.error;
      }
      return c.json(result);
    });
  },
};
