/**
 * The third-party Node SDKs the emulator is tested against, typed for the calls the tests make and pointed at an
 * emulator by their own options only (nothing patched): co-wechat-api (`prefix`, `mpPrefix`) and node-easywechat
 * 3.x (`http.baseURL`). One home for them, so each third-party suite is only its calls and assertions.
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator, type Emulator } from '../src/index.js';
import { CORP, OA, OA_SECRET, SECRET } from './helpers.js';

const require = createRequire(import.meta.url);

interface QrAnswer {
  ticket: string;
  expire_seconds?: number;
  url: string;
}

/** co-wechat-api (node-webot), a widely used Official Account SDK. */
export interface CoWechatApi {
  prefix: string;
  mpPrefix: string;
  getAccessToken(): Promise<{ accessToken: string }>;
  createMenu(menu: unknown): Promise<{ errcode: number }>;
  getMenu(): Promise<{ menu: { button: { name: string }[] } }>;
  getTicket(type?: string): Promise<{ ticket: string }>;
  createTmpQRCode(scene: number | string, expire: number): Promise<QrAnswer>;
  createLimitQRCode(scene: number): Promise<QrAnswer>;
  showQRCodeURL(ticket: string): string;
  getUser(openid: string | { openid: string; lang: string }): Promise<Record<string, unknown>>;
  batchGetUsers(openids: string[]): Promise<{ user_info_list: { openid: string }[] }>;
  sendTemplate(
    openid: string,
    templateId: string,
    url: string,
    topColor: string,
    data: Record<string, { value: string; color?: string }>,
  ): Promise<{ errcode: number; msgid: number }>;
  sendText(openid: string, text: string): Promise<{ errcode: number }>;
  setIndustry(ids: { industry_id1: string; industry_id2: string }): Promise<{ errcode: number }>;
  getIndustry(): Promise<{ primary_industry: { first_class: string; second_class: string } }>;
  addTemplate(templateIdShort: string): Promise<{ errcode: number; template_id: string }>;
  getAllPrivateTemplate(): Promise<{ template_list: { template_id: string; title: string }[] }>;
  delPrivateTemplate(templateId: string): Promise<{ errcode: number }>;
  uploadMedia(
    file: Buffer,
    type: string,
    filename: string,
    mime: string,
  ): Promise<{ media_id: string; type: string }>;
  getMedia(mediaId: string): Promise<Buffer>;
}
const WechatAPI = require('co-wechat-api') as new (appId: string, secret: string) => CoWechatApi;

/** The demo Official Account through co-wechat-api, its API and mp hosts on the emulator. */
export function coWechatApi(emulator: Emulator): CoWechatApi {
  const api = new WechatAPI(OA, OA_SECRET);
  api.prefix = `${emulator.url}/cgi-bin/`;
  api.mpPrefix = `${emulator.url}/cgi-bin/`;
  return api;
}

export interface EasyResponse {
  toObject(): Record<string, unknown>;
}
/** node-easywechat 3.x (a Node port of EasyWeChat 6): axios clients whose base URL is the `http.baseURL` option. */
export interface EasyApp {
  getClient(): {
    request(method: string, url: string, payload?: Record<string, unknown>): Promise<EasyResponse>;
  };
  getAccessToken(): { getToken(): Promise<string> };
  /** Work only: node-socialite's WeWork provider (default scope snsapi_userinfo, agentid from the config). */
  getOAuth(): Promise<{
    withState(state: string): { redirect(url: string): string };
    asQrcode(): { withState(state: string): { redirect(url: string): string } };
  }>;
  getTicket(): { getAgentTicket(agentId: number): Promise<string> };
  getUtils(): {
    buildJsSdkConfig(url: string, jsApiList?: string[]): Promise<Record<string, unknown>>;
    buildJsSdkAgentConfig?(
      agentId: number,
      url: string,
      jsApiList?: string[],
    ): Promise<Record<string, unknown>>;
  };
}
export interface EasyUpload {
  withFile(
    file: string,
    key?: string,
  ): { post(url: string, payload?: Record<string, unknown>): Promise<EasyResponse> };
}
const easy = require('node-easywechat') as {
  OfficialAccount: new (config: Record<string, unknown>) => EasyApp;
  Work: new (config: Record<string, unknown>) => EasyApp;
};
const cacheDir = () => ({ path: mkdtempSync(join(tmpdir(), 'easywechat-')) });

/** The demo WeCom app through node-easywechat's Work client (or another secret of the corp, e.g. contacts sync). */
export const easyWork = (emulator: Emulator, secret: string = SECRET): EasyApp =>
  new easy.Work({
    corp_id: CORP,
    secret,
    agent_id: 1000002,
    http: { baseURL: `${emulator.url}/`, throw: false },
    file_cache: cacheDir(),
  });

/** The demo Official Account through node-easywechat's OfficialAccount client. */
export const easyOfficialAccount = (emulator: Emulator): EasyApp =>
  new easy.OfficialAccount({
    app_id: OA,
    secret: OA_SECRET,
    http: { baseURL: `${emulator.url}/`, throw: false },
    file_cache: cacheDir(),
  });

/** Runs `test` against an emulator on a real port (SDKs speak HTTP), closed afterwards. */
export async function withEmulator(test: (emulator: Emulator) => Promise<void>): Promise<void> {
  const emulator = await createEmulator({ port: 0 });
  try {
    await test(emulator);
  } finally {
    await emulator.close();
  }
}
