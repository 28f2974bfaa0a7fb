import { inputError } from '../errors/place.js';
import { isRuleProblem, type RuleProblem } from '../rules/problem.js';

/**
 * Parametric QR codes of an Official Account (生成带参数的二维码, POST /cgi-bin/qrcode/create).
 * Source: OA doc "生成带参数的二维码" (developers.weixin.qq.com/doc/offiaccount/Account_Management/
 * Generating_a_Parametric_QR_Code.html and doc/service/api/qrcode/qrcodes/api_createqrcode): a temporary code lives
 * expire_seconds ("最大不超过2592000（即30天），此字段如果不填，则默认有效期为60秒"; an older copy says 30 s); an
 * integer scene is "32位非0整型" for temporary codes and 1..100000 for permanent ones; scene_str is 1..64 characters;
 * permanent codes are "最多10万个" per account (45029 "qrcode count out of limit" past them, WxJava WxMpErrorMsgEnum).
 * These constants and {@link qrBodyProblem} are the one definition: the emulator imports them.
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
export const QR_DEFAULT_EXPIRE_SECONDS = 60;
export const QR_MAX_PERMANENT_SCENE = 100_000;
/** "32位非0整型": an unsigned 32-bit integer other than 0. */
export const QR_MAX_TEMPORARY_SCENE = 4_294_967_295;
export const QR_MAX_SCENE_STR = 64;
/** Permanent codes an account may hold ("目前为最多10万个"). */
export const QR_MAX_PERMANENT_CODES = 100_000;
export const QR_ACTIONS = ['QR_SCENE', 'QR_STR_SCENE', 'QR_LIMIT_SCENE', 'QR_LIMIT_STR_SCENE'] as const;
export type QrAction = (typeof QR_ACTIONS)[number];

/** A checked qrcode/create body: what the platform makes of it. */
export interface QrBodyParsed {
  action: QrAction;
  permanent: boolean;
  scene: number | string;
  /** Temporary codes only. */
  expireSeconds?: number;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * The platform's rules for a qrcode/create body (the raw JSON), shared by core and the emulator.
 * 40052 invalid action name; 40053 invalid action info (scene missing, of the wrong kind or out of range).
 * Unsure (no public capture found): which errcode an out-of-range scene_id or expire_seconds gets — one blog says
 * the platform stores 4294967295 for an oversized scene_id; the emulator answers 40053 for scenes and 40097
 * ("invalid args") for a lifetime out of 1..2592000.
 */
export function parseQrBody(body: unknown): QrBodyParsed | RuleProblem {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const action = b['action_name'];
  if (typeof action !== 'string' || !(QR_ACTIONS as readonly string[]).includes(action))
    return {
      field: 'action_name',
      errcode: 40052,
      message: `action_name must be one of ${QR_ACTIONS.join(', ')}`,
    };
  const info = b['action_info'] as { scene?: Record<string, unknown> } | undefined;
  const scene = info && typeof info === 'object' ? info.scene : undefined;
  const permanent = action.startsWith('QR_LIMIT_');
  const byString = action.endsWith('STR_SCENE');
  let value: number | string;
  if (byString) {
    const str = scene?.['scene_str'];
    if (typeof str !== 'string' || str.length < 1 || str.length > QR_MAX_SCENE_STR)
      return {
        field: 'action_info.scene.scene_str',
        errcode: 40053,
        message: `${action} needs action_info.scene.scene_str of 1..${QR_MAX_SCENE_STR} characters`,
      };
    value = str;
  } else {
    const id = scene?.['scene_id'];
    const max = permanent ? QR_MAX_PERMANENT_SCENE : QR_MAX_TEMPORARY_SCENE;
    if (!isInt(id) || id < 1 || id > max)
      return {
        field: 'action_info.scene.scene_id',
        errcode: 40053,
        message: `${action} needs action_info.scene.scene_id, a whole number 1..${max}`,
      };
    value = id;
  }
  if (permanent) return { action: action as QrAction, permanent, scene: value };
  const expire = b['expire_seconds'] ?? QR_DEFAULT_EXPIRE_SECONDS;
  if (!isInt(expire) || expire < 1 || expire > QR_MAX_EXPIRE_SECONDS)
    return {
      field: 'expire_seconds',
      errcode: 40097,
      message: `expire_seconds must be a whole number 1..${QR_MAX_EXPIRE_SECONDS}`,
    };
  return { action: action as QrAction, permanent, scene: value, expireSeconds: expire };
}

/** Checks a QR request once and builds the body the platform expects. */
export function buildQrCodeBody(request: OaQrCodeRequest): Record<string, unknown> {
  if (!request || typeof request !== 'object')
    throw inputError(`pass { scene, expireSeconds? } or { permanent: true, scene }`);
  const { scene } = request;
  const permanent = request.permanent === true;
  if (typeof scene !== 'number' && typeof scene !== 'string')
    throw inputError(`scene must be a number or a string`);
  const kind = typeof scene === 'number' ? 'SCENE' : 'STR_SCENE';
  const sceneField = typeof scene === 'number' ? { scene_id: scene } : { scene_str: scene };
  if (permanent && (request as { expireSeconds?: unknown }).expireSeconds !== undefined)
    throw inputError(`a permanent code has no expireSeconds; drop it or permanent`);
  const body: Record<string, unknown> = permanent
    ? { action_name: `QR_LIMIT_${kind}`, action_info: { scene: sceneField } }
    : {
        expire_seconds: (request as { expireSeconds?: number }).expireSeconds ?? QR_DEFAULT_EXPIRE_SECONDS,
        action_name: `QR_${kind}`,
        action_info: { scene: sceneField },
      };
  const parsed = parseQrBody(body);
  if (isRuleProblem(parsed)) {
    const hint =
      parsed.errcode === 40053 && typeof scene === 'number'
        ? `; an integer scene must be 1..${permanent ? QR_MAX_PERMANENT_SCENE : QR_MAX_TEMPORARY_SCENE} for a ${permanent ? 'permanent' : 'temporary'} code (got ${scene}), use a string scene for anything else`
        : parsed.errcode === 40053
          ? `; a string scene must be 1..${QR_MAX_SCENE_STR} characters (got ${scene.toString().length})`
          : ` (30 days); got ${String(body['expire_seconds'])}`;
    throw inputError(`${parsed.message}${hint} — the platform would answer errcode ${parsed.errcode}`);
  }
  return body;
}

/** Where the QR image of a ticket is served (the ticket must be URL-encoded). */
export const showQrCodeUrl = (ticket: string, mpHost = 'https://mp.weixin.qq.com') =>
  `${mpHost}/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`;
