import { type CommonOptions, createClientContext, createTransport } from '../client/context.js';
import type { PlatformClient } from '../client/platform-client.js';
import { isWxApiError } from '../errors/errors.js';
import { atPlace, inputError, placed } from '../errors/place.js';
import { DEFAULT_HOSTS } from '../hosts.js';
import { assertJsApiList, type SignedUrl, signUrl } from '../jssdk/config.js';
import type { OaMenu } from '../menu/types.js';
import { checkMenu } from '../menu/validate.js';
import { assertNonEmpty } from '../oauth/checks.js';
import { fingerprint } from '../token/cache.js';
import { createOaCustom, type OaCustom } from './custom.js';
import { createOaMedia, type OaMedia } from './media.js';
import { createOaOAuth } from './oauth.js';
import { buildQrCodeBody, type OaQrCode, type OaQrCodeRequest, showQrCodeUrl } from './qrcode.js';
// Subscription notifications (订阅通知): bizsend and the wxaapi/newtmpl templates.
import { createOaSubscribe, type OaSubscribe } from './subscribe.js';
import { createOaTemplates, type OaTemplates } from './templates.js';
import { createOaUsers, type OaUsers } from './users.js';

const PKG = '@wxkit/core createOfficialAccount';
// stable_token force_refresh: at most 20 a day and 30 s apart (the platform ignores the rest).
const FORCE_GAP_MS = 30_000;
const FORCE_PER_DAY = 20;
const DAY_MS = 86_400_000;

const parseTimes = (raw: string | undefined): number[] => {
  try {
    const parsed = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(parsed) ? parsed.filter((t): t is number => typeof t === 'number') : [];
  } catch {
    return [];
  }
};

export interface OfficialAccountOptions extends CommonOptions {
  appId: string;
  appSecret: string;
  /** Use POST /cgi-bin/stable_token (one token shared safely by every caller) instead of /cgi-bin/token. */
  stableToken?: boolean;
}

export interface OfficialAccountClient extends PlatformClient<'oa'> {
  /** stable_token with force_refresh=true: invalidates the current token everywhere. Rate-limited. */
  forceRefreshAccessToken(): Promise<string>;
  oauth: ReturnType<typeof createOaOAuth>;
  jssdk: {
    config(options: {
      url: string;
      jsApiList?: string[];
    }): Promise<{ appId: string; jsApiList: string[] } & SignedUrl>;
    configSignature(url: string): Promise<SignedUrl>;
  };
  menu: {
    create(menu: OaMenu): Promise<void>;
    get(): Promise<OaMenu | undefined>;
    delete(): Promise<void>;
    current(): Promise<unknown>;
  };
  qrcode: {
    /** POST /cgi-bin/qrcode/create; the request is checked before any call. */
    create(request: OaQrCodeRequest): Promise<OaQrCode>;
    /** The showqrcode image URL of a ticket. */
    imageUrl(ticket: string): string;
  };
  /** Followers: user/info, user/info/batchget, user/get. */
  users: OaUsers;
  /** Template messages (message/template/send) and the account's templates. */
  templates: OaTemplates;
  /** Customer-service messages (message/custom/send), within the follower's interaction window. */
  custom: OaCustom;
  /** Temporary media: upload (media_id, 3 days) and download (a page's uploadImage serverId too). */
  media: OaMedia;
  /** Subscription notifications (订阅通知): templates (wxaapi/newtmpl/gettemplate) and bizsend. */
  subscribe: OaSubscribe;
}

/** A client for one Official Account (公众号 / 服务号). */
export function createOfficialAccount(options: OfficialAccountOptions): OfficialAccountClient {
  return atPlace(PKG, openOfficialAccount)(options);
}

function openOfficialAccount(options: OfficialAccountOptions): OfficialAccountClient {
  if (!options || typeof options !== 'object') throw inputError(`pass { appId, appSecret }`);
  const appId = assertNonEmpty('appId', options.appId, 'the AppID, wx… from 开发 → 基本配置');
  const appSecret = assertNonEmpty('appSecret', options.appSecret, 'the AppSecret from 开发 → 基本配置');
  const stable = options.stableToken === true;
  const scope = `wxkit:oa:${appId}:${fingerprint(appSecret)}`;
  const tokenKey = `${scope}:${stable ? 'stable_token' : 'access_token'}`;
  const forceKey = `${scope}:force_refresh`;

  const transport = createTransport('oa', options);
  const api = transport.hosts.api;
  const fetchToken = async (force = false) => {
    const data = stable
      ? await transport.request<{ access_token: string; expires_in: number }>(api, '/cgi-bin/stable_token', {
          method: 'POST',
          body: { grant_type: 'client_credential', appid: appId, secret: appSecret, force_refresh: force },
        })
      : await transport.request<{ access_token: string; expires_in: number }>(api, '/cgi-bin/token', {
          query: { grant_type: 'client_credential', appid: appId, secret: appSecret },
        });
    return { value: data.access_token, expiresIn: data.expires_in };
  };
  const ctx = createClientContext(transport, {
    identity: { id: appId },
    key: tokenKey,
    fetch: () => fetchToken(),
  });

  const ticket = () =>
    ctx.credential('jsapi_ticket', `${scope}:jsapi_ticket`, async () => {
      const data = await ctx.call<{ ticket: string; expires_in: number }>(api, '/cgi-bin/ticket/getticket', {
        query: { type: 'jsapi' },
      });
      return { value: data.ticket, expiresIn: data.expires_in };
    });
  const sign = async (url: string) => signUrl(await ticket(), url, ctx.clock(), options.nonce);

  return placed(PKG, {
    platform: 'oa',
    appId,
    hosts: ctx.hosts,
    getAccessToken: ctx.accessToken,
    credentials: ctx.credentials,
    async forceRefreshAccessToken() {
      if (!stable) throw inputError(`forceRefreshAccessToken needs { stableToken: true }`);
      // The budget lives in the store so every process sharing it respects the platform's limits.
      const now = ctx.clock();
      const forced = parseTimes(await ctx.store.get(forceKey)).filter((t) => t > now - DAY_MS);
      const last = forced[forced.length - 1];
      if (last !== undefined && now - last < FORCE_GAP_MS) {
        throw inputError(
          `force_refresh was used ${Math.round((now - last) / 1000)} s ago; the platform allows one per 30 s`,
        );
      }
      if (forced.length >= FORCE_PER_DAY)
        throw inputError(`force_refresh is limited to ${FORCE_PER_DAY} a day`);
      await ctx.store.set(forceKey, JSON.stringify([...forced, now]), DAY_MS);
      await ctx.cache.forget(tokenKey);
      return ctx.credential('access_token', tokenKey, () => fetchToken(true));
    },
    getJsapiTicket: ticket,
    call: (path, init) => ctx.call(api, path, init),
    oauth: createOaOAuth(ctx, appId, appSecret, scope),
    jssdk: {
      async config({ url, jsApiList }) {
        const list = assertJsApiList(jsApiList);
        return { appId, ...(await sign(url)), jsApiList: list };
      },
      configSignature: sign,
    },
    menu: {
      async create(menu) {
        const problems = checkMenu(menu, 'oa');
        if (problems.length > 0) {
          throw inputError(
            `the menu is invalid:\n${problems.map((p) => `  ${p.field}: ${p.message} (errcode ${p.errcode})`).join('\n')}`,
          );
        }
        await ctx.call(api, '/cgi-bin/menu/create', { method: 'POST', body: menu });
      },
      async get() {
        try {
          const data = await ctx.call<{ menu?: OaMenu }>(api, '/cgi-bin/menu/get');
          return data.menu;
        } catch (error) {
          if (isWxApiError(error) && error.errcode === 46003) return undefined;
          throw error;
        }
      },
      async delete() {
        await ctx.call(api, '/cgi-bin/menu/delete');
      },
      current: () => ctx.call(api, '/cgi-bin/get_current_selfmenu_info'),
    },
    qrcode: {
      async create(request) {
        const body = buildQrCodeBody(request);
        const data = await ctx.call<OaQrCode>(api, '/cgi-bin/qrcode/create', { method: 'POST', body });
        return {
          ticket: data.ticket,
          url: data.url,
          ...(data.expire_seconds !== undefined ? { expire_seconds: data.expire_seconds } : {}),
        };
      },
      // The real image lives on mp.weixin.qq.com; a local/emulated api host serves it itself.
      imageUrl: (ticket) =>
        showQrCodeUrl(
          assertNonEmpty('ticket', ticket, 'the ticket from qrcode.create'),
          ctx.hosts.api === DEFAULT_HOSTS.api ? undefined : ctx.hosts.api,
        ),
    },
    users: createOaUsers(ctx),
    templates: createOaTemplates(ctx),
    custom: createOaCustom(ctx),
    media: createOaMedia(ctx),
    subscribe: createOaSubscribe(ctx),
  });
}
