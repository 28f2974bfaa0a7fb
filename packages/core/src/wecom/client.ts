import {
  type CommonOptions,
  createClientContext,
  createTransport,
  type Transport,
} from '../client/context.js';
import type { PlatformClient } from '../client/platform-client.js';
import { atPlace, inputError, placed } from '../errors/place.js';
import { assertJsApiList, type SignedUrl, signUrl } from '../jssdk/config.js';
import { assertNonEmpty } from '../oauth/checks.js';
import { type Fetched, fingerprint } from '../token/cache.js';
import { createWeComAdmin } from './admin.js';
import { createWeComContacts, type WeComContacts } from './contacts.js';
import { createWeComMedia, type WeComMedia } from './media.js';
import { createWeComMessages } from './messages.js';
import { createWeComOAuth, type WeComOAuth } from './oauth.js';

const PKG = '@wxkit/core createWeCom';

export interface WeComOptions extends CommonOptions {
  /** 我的企业 → 企业信息 → 企业ID. */
  corpId: string;
  /** The app's Secret (应用管理 → the app). */
  corpSecret: string;
  /** The app's AgentId. */
  agentId: number;
}

export interface WeComClient extends PlatformClient<'wecom'>, ReturnType<typeof createWeComAdmin> {
  readonly corpId: string;
  readonly agentId: number;
  getAgentTicket(): Promise<string>;
  oauth: WeComOAuth;
  /** The directory in the app's visible range: user/get, simplelist, list, list_id, lookups (`wecom/contacts.ts`). */
  users: WeComContacts['users'];
  departments: WeComContacts['departments'];
  /** Directory tags: tag/list and tag/get. */
  tags: WeComContacts['tags'];
  jssdk: {
    config(options: {
      url: string;
      jsApiList?: string[];
    }): Promise<{ beta: true; appId: string; jsApiList: string[] } & SignedUrl>;
    agentConfig(options: {
      url: string;
      jsApiList?: string[];
    }): Promise<{ corpid: string; agentid: number; jsApiList: string[] } & SignedUrl>;
    configSignature(url: string): Promise<SignedUrl>;
    agentConfigSignature(url: string): Promise<SignedUrl>;
  };
  messages: ReturnType<typeof createWeComMessages>;
  /** Temporary media: upload (media_id, 3 days) and download (a page's uploadImage serverId too). */
  media: WeComMedia;
}

/** A client for one WeCom self-built app: tokens and tickets cached once per app, every API of the flow. */
export function createWeCom(options: WeComOptions): WeComClient {
  return atPlace(PKG, openWeCom)(options);
}

function openWeCom(options: WeComOptions): WeComClient {
  if (!options || typeof options !== 'object') throw inputError(`pass { corpId, corpSecret, agentId }`);
  const corpId = assertNonEmpty('corpId', options.corpId, 'the CorpID, ww… from 我的企业 → 企业信息');
  const corpSecret = assertNonEmpty('corpSecret', options.corpSecret, "the app's Secret from 应用管理");
  const agentId = options.agentId;
  if (!Number.isInteger(agentId) || agentId <= 0) {
    const hint =
      typeof agentId === 'string' ? ' — a string; convert it, e.g. Number(process.env.WECOM_AGENT_ID)' : '';
    throw inputError(
      `\`agentId\` must be the app's AgentId, a positive integer (got ${JSON.stringify(agentId)}${hint})`,
    );
  }
  const scope = `wxkit:wecom:${corpId}:${agentId}:${fingerprint(corpSecret)}`;
  const transport = createTransport('wecom', options);
  return buildWeComClient(transport, {
    where: PKG,
    corpId,
    agentId,
    keys: {
      accessToken: `${scope}:access_token`,
      jsapiTicket: `${scope}:jsapi_ticket`,
      agentTicket: `${scope}:agent_ticket`,
      oauth: scope,
    },
    fetchToken: async () => {
      const data = await transport.request<{ access_token: string; expires_in: number }>(
        transport.hosts.qyapi,
        '/cgi-bin/gettoken',
        { query: { corpid: corpId, corpsecret: corpSecret } },
      );
      return { value: data.access_token, expiresIn: data.expires_in };
    },
    ...(options.nonce ? { nonce: options.nonce } : {}),
  });
}

/** Where one corp app's credentials live in the store: the own app's scope, or a provider's per-corp keys. */
export interface WeComClientKeys {
  accessToken: string;
  jsapiTicket: string;
  agentTicket: string;
  /** Scope of the code-exchange memo. */
  oauth: string;
}

/**
 * A WeCom app client on a token source of the caller's choice: `createWeCom` passes `gettoken` with the app
 * secret; a service provider passes its per-corp token (get_corp_token, or gettoken with a permanent code).
 * The JS-SDK tickets are then fetched with that corp token, never a suite token (WxJava PR #2171).
 */
export function buildWeComClient(
  transport: Transport,
  spec: {
    /** Names the client in its input errors, e.g. `@wxkit/core createWeCom` (see errors/place.ts). */
    where: string;
    corpId: string;
    agentId: number;
    keys: WeComClientKeys;
    fetchToken: () => Promise<Fetched>;
    nonce?: () => string;
  },
): WeComClient {
  const { corpId, agentId, keys } = spec;
  const qyapi = transport.hosts.qyapi;
  const ctx = createClientContext(transport, {
    identity: { id: corpId, agentId },
    key: keys.accessToken,
    fetch: spec.fetchToken,
  });

  const ticket = (kind: 'jsapi_ticket' | 'agent_ticket') =>
    ctx.credential(kind, kind === 'jsapi_ticket' ? keys.jsapiTicket : keys.agentTicket, async () => {
      const data =
        kind === 'jsapi_ticket'
          ? await ctx.call<{ ticket: string; expires_in: number }>(qyapi, '/cgi-bin/get_jsapi_ticket')
          : await ctx.call<{ ticket: string; expires_in: number }>(qyapi, '/cgi-bin/ticket/get', {
              query: { type: 'agent_config' },
            });
      return { value: data.ticket, expiresIn: data.expires_in };
    });

  const contacts = createWeComContacts(ctx);

  const sign = async (kind: 'jsapi_ticket' | 'agent_ticket', url: string) =>
    signUrl(await ticket(kind), url, ctx.clock(), spec.nonce);

  return placed(spec.where, {
    platform: 'wecom',
    appId: corpId,
    corpId,
    agentId,
    hosts: ctx.hosts,
    getAccessToken: ctx.accessToken,
    credentials: ctx.credentials,
    getJsapiTicket: () => ticket('jsapi_ticket'),
    getAgentTicket: () => ticket('agent_ticket'),
    call: (path, init) => ctx.call(qyapi, path, init),
    oauth: createWeComOAuth(ctx, corpId, agentId, keys.oauth),
    users: contacts.users,
    departments: contacts.departments,
    tags: contacts.tags,
    jssdk: {
      async config({ url, jsApiList }) {
        const list = assertJsApiList(jsApiList);
        return { beta: true, appId: corpId, ...(await sign('jsapi_ticket', url)), jsApiList: list };
      },
      // wx.agentConfig must be signed with the AGENT ticket (ticket/get?type=agent_config), not the corp one.
      async agentConfig({ url, jsApiList }) {
        const list = assertJsApiList(jsApiList);
        return { corpid: corpId, agentid: agentId, ...(await sign('agent_ticket', url)), jsApiList: list };
      },
      configSignature: (url) => sign('jsapi_ticket', url),
      agentConfigSignature: (url) => sign('agent_ticket', url),
    },
    ...createWeComAdmin(ctx, agentId),
    messages: createWeComMessages(ctx, agentId),
    media: createWeComMedia(ctx),
  });
}
