import { WxConfigError } from '../errors/errors.js';

/**
 * Parametric QR codes of an Official Account (生成带参数的二维码, POST /cgi-bin/qrcode/create).
 * Platform rules (OA doc "生成带参数的二维码"): a temporary code lives expire_seconds (default 60, at most 2592000 =
 * 30 days); an integer scene is a 32-bit non-zero unsigned number for temporary codes and 1..100000 for permanent
 * ones; a string scene is 1..64 characters. Permanent codes are capped per account (100000 in total), so a
 * permanent code is only worth creating once per scene.
 */
export type OaQrCodeRequest =
  | { permanent?: false; scene: number | string; expireSeconds?: number }
  | { permanent: true; scene: number | string };

export interface OaQrCode {
  ticket: string;
  /** Seconds the temporary code lives; absent for permanent codes. */
  expire_seconds?: number;
  /** The URL the QR image encodes (what a scanner opens). */
  url: string;
}

export const QR_MAX_EXPIRE_SECONDS = 2_592_000;
export const QR_MAX_PERMANENT_SCENE = 100_000;
const UINT32_MAX = 4_294_967_295;

/** Checks a QR request once and builds the body the platform expects. */
export function buildQrCodeBody(pkg: string, request: OaQrCodeRequest): Record<string, unknown> {
  if (!request || typeof request !== 'object')
    throw new WxConfigError(
      `${pkg} qrcode.create: pass { scene, expireSeconds? } or { permanent: true, scene }`,
    );
  const { scene } = request;
  const permanent = request.permanent === true;
  let sceneField: Record<string, unknown>;
  if (typeof scene === 'number') {
    const max = permanent ? QR_MAX_PERMANENT_SCENE : UINT32_MAX;
    if (!Number.isInteger(scene) || scene < 1 || scene > max) {
      throw new WxConfigError(
        `${pkg} qrcode.create: an integer scene must be 1..${max} for a ${permanent ? 'permanent' : 'temporary'} code (got ${scene}); use a string scene for anything else`,
      );
    }
    sceneField = { scene_id: scene };
  } else if (typeof scene === 'string') {
    if (scene.length < 1 || scene.length > 64)
      throw new WxConfigError(
        `${pkg} qrcode.create: a string scene must be 1..64 characters (got ${scene.length})`,
      );
    sceneField = { scene_str: scene };
  } else {
    throw new WxConfigError(`${pkg} qrcode.create: scene must be a number or a string`);
  }
  const kind = typeof scene === 'number' ? 'SCENE' : 'STR_SCENE';
  if (permanent) {
    if ('expireSeconds' in request && (request as { expireSeconds?: unknown }).expireSeconds !== undefined)
      throw new WxConfigError(
        `${pkg} qrcode.create: a permanent code has no expireSeconds; drop it or permanent`,
      );
    return { action_name: `QR_LIMIT_${kind}`, action_info: { scene: sceneField } };
  }
  const expire = request.expireSeconds ?? 60;
  if (!Number.isInteger(expire) || expire < 1 || expire > QR_MAX_EXPIRE_SECONDS) {
    throw new WxConfigError(
      `${pkg} qrcode.create: expireSeconds must be a whole number 1..${QR_MAX_EXPIRE_SECONDS} (30 days); got ${expire}`,
    );
  }
  return { expire_seconds: expire, action_name: `QR_${kind}`, action_info: { scene: sceneField } };
}

/** Where the QR image of a ticket is served (the ticket must be URL-encoded). */
export const showQrCodeUrl = (ticket: string, mpHost = 'https://mp.weixin.qq.com') =>
  `${mpHost}/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`;
