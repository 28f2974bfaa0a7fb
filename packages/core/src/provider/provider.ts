import { type CommonOptions, createTransport } from '../client/context.js';
import { atPlace, inputError, placed } from '../errors/place.js';
import { checkCorpId, checkId, checkLetterState, fail } from './checks.js';
import { providerKey } from './keys.js';
import { createTokenCaller } from './token-call.js';

const PKG = '@wxkit/core createProvider';

export interface ProviderOptions extends Omit<CommonOptions, 'tokenProvider'> {
  /** The provider's own CorpID (服务商管理端 → 服务商信息). */
  providerCorpId: string;
  /** The provider secret (ProviderSecret), not a suite secret. */
  providerSecret: string;
}

export interface ProviderClient {
  readonly providerCorpId: string;
  /** provider_access_token, cached once per lifetime for every process sharing the store. */
  getProviderAccessToken(): Promise<string>;
  /**
   * The 代开发 install link (get_customized_auth_url, doc 98744): a URL to render as a QR code, valid 10 days;
   * `state` comes back from get_permanent_code.
   */
  customizedAuthUrl(options: {
    state: string;
    templateIds: string[];
  }): Promise<{ url: string; expiresIn: number }>;
  /** corpid → the provider-level encrypted corpid (corpid_to_opencorpid, docs 97105/95604). */
  openCorpId(corpId: string): Promise<string>;
  /** Any provider API with the provider token added (and refreshed once when stale). */
  call<T extends object>(path: string, init?: import('../client/context.js').CallInit): Promise<T>;
}

/** The service provider's own identity: the provider token and the calls made with it. */
export function createProvider(options: ProviderOptions): ProviderClient {
  return atPlace(PKG, openProvider)(options);
}

function openProvider(options: ProviderOptions): ProviderClient {
  if (!options || typeof options !== 'object') throw inputError(`pass { providerCorpId, providerSecret }`);
  const providerCorpId = checkCorpId(options.providerCorpId, 'providerCorpId');
  // 40001-style: a wrong provider secret is answered like any bad secret.
  const providerSecret = checkId(
    'providerSecret',
    options.providerSecret,
    40001,
    'copy the ProviderSecret from 服务商管理端 → 应用管理 → 通用开发参数',
    512,
  );
  const transport = createTransport('wecom', options);
  const caller = createTokenCaller(transport, {
    param: 'provider_access_token',
    key: providerKey({ kind: 'provider_token', providerCorpId, secret: providerSecret }),
    fetch: async () => {
      const data = await transport.request<{ provider_access_token: string; expires_in: number }>(
        transport.hosts.qyapi,
        '/cgi-bin/service/get_provider_token',
        { method: 'POST', body: { corpid: providerCorpId, provider_secret: providerSecret } },
      );
      return { value: data.provider_access_token, expiresIn: data.expires_in };
    },
  });

  return placed(PKG, {
    providerCorpId,
    getProviderAccessToken: caller.token,
    call: caller.call,
    async customizedAuthUrl({ state, templateIds } = {} as never) {
      checkLetterState(state, 32);
      if (!Array.isArray(templateIds) || templateIds.length === 0 || templateIds.length > 9)
        fail(
          'templateIds',
          'must list 1 to 9 代开发 template ids',
          40058,
          'pass the dk… ids of the templates to install',
        );
      for (const id of templateIds)
        checkId('templateIds[]', id, 40058, 'each entry is a template id like dk…');
      const data = await caller.call<{ qrcode_url: string; expires_in: number }>(
        '/cgi-bin/service/get_customized_auth_url',
        { method: 'POST', body: { state, templateid_list: templateIds } },
      );
      return { url: data.qrcode_url, expiresIn: data.expires_in };
    },
    async openCorpId(corpId) {
      checkCorpId(corpId);
      const data = await caller.call<{ open_corpid: string }>('/cgi-bin/service/corpid_to_opencorpid', {
        method: 'POST',
        body: { corpid: corpId },
      });
      return data.open_corpid;
    },
  });
}
