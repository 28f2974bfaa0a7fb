import type { Platform } from './platform.js';

/** The member a session belongs to, as the server kit's routes answer it and the browser kit hands it to pages. */
export interface SessionUser {
  platform: Platform;
  /** userid (WeCom member) or openid. */
  id: string;
  userid?: string;
  openid?: string;
  name: string;
  department?: number[];
  avatar?: string;
  [field: string]: unknown;
}

/** Every error answer of the server kit: `{ error: ErrorBody }`. */
export interface ErrorBody {
  code: string;
  message: string;
  errcode?: number;
  hint?: string;
}

/** `POST {prefix}/session`: the session for the code. */
export interface SessionReply {
  user: SessionUser;
  token: string;
  expiresAt: number;
  redirect: string;
}

/** `POST {prefix}/session` when it fails: `restart` says whether starting the login again can help. */
export interface SessionRefusal {
  error: ErrorBody;
  restart: boolean;
}

/** `GET {prefix}/me`. */
export interface MeReply {
  user: SessionUser;
  expiresAt: number;
}

/** The signed fields of `wx.config` / `wx.agentConfig` / `ww.register`. */
export interface SignedFields {
  timestamp: number;
  nonceStr: string;
  signature: string;
  jsApiList: string[];
}

/** `GET {prefix}/jssdk/config?url=`: what the page needs to configure the JS-SDK. */
export interface JssdkConfigReply extends SignedFields {
  appId: string;
  /** Where the page loads the JS-SDK from (jweixin). */
  scriptUrl: string;
  /** WeCom only: the agent-level signature (agent ticket). */
  agentConfig?: SignedFields & { corpid: string; agentid: number };
  /** Against the emulator: the bridge to load before the JS-SDK. */
  emulator?: { bridgeUrl: string };
}
