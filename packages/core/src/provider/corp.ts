import type { Transport } from '../client/context.js';
import { inputError, placed } from '../errors/place.js';
import { buildWeComClient, type WeComClient } from '../wecom/client.js';
import { fail } from './checks.js';
import { corpKeys } from './keys.js';
import type { Tenant } from './tenants.js';
import type { TokenCaller } from './token-call.js';

/** A corp's app through a suite: what an own-app WeComClient offers, on the corp token the suite fetches. */
export interface CorpClient extends WeComClient {
  readonly suiteId: string;
  readonly kind: Tenant['kind'];
  /** The tenant generation (permanent code) this client's keys belong to. */
  readonly generation: string;
  /** userid → open_userid (batch/userid_to_openuserid, ≤1000 a call, doc 97062), with the corp's token. */
  openUserIds(
    userids: string[],
  ): Promise<{ openUserids: { userid: string; openUserid: string }[]; invalid: string[] }>;
}

export const MAX_OPENUSERID_BATCH = 1000;

/**
 * Builds the corp client on the suite's transport (one cache and one set of in-flight maps for every corp). The
 * permanent code is read from the registry at each token fetch, never held: a reset code (another process may
 * have stored it) is used from the next fetch on.
 */
export function createCorpClient(options: {
  /** Names the client in its input errors, e.g. `@wxkit/core createSuite corp(ww…)` (errors/place.ts). */
  where: string;
  transport: Transport;
  suiteId: string;
  tenant: Tenant;
  suite: TokenCaller;
  permanentCode(corpId: string): Promise<{ code: string } | undefined>;
  nonce?: () => string;
}): CorpClient {
  const { transport, suiteId, tenant, suite } = options;
  const { corpId } = tenant;
  const code = async () => {
    const found = await options.permanentCode(corpId);
    if (!found)
      throw inputError(
        `corp ${corpId} is no longer registered for suite ${suiteId} (removed or never installed); the platform would answer 40079 (authorisation not found). Fix: re-install the app in that corp`,
      );
    return found.code;
  };
  const fetchToken =
    tenant.kind === 'customized'
      ? // 代开发: the permanent code is the app's secret for gettoken (doc 97164).
        async () => {
          const data = await transport.request<{ access_token: string; expires_in: number }>(
            transport.hosts.qyapi,
            '/cgi-bin/gettoken',
            { query: { corpid: corpId, corpsecret: await code() } },
          );
          return { value: data.access_token, expiresIn: data.expires_in };
        }
      : // Third-party: get_corp_token with the suite token (doc 90605).
        async () => {
          const data = await suite.call<{ access_token: string; expires_in: number }>(
            '/cgi-bin/service/get_corp_token',
            {
              method: 'POST',
              body: { auth_corpid: corpId, permanent_code: await code() },
            },
          );
          return { value: data.access_token, expiresIn: data.expires_in };
        };

  const client = buildWeComClient(transport, {
    where: options.where,
    corpId,
    agentId: tenant.agentId,
    keys: corpKeys(suiteId, corpId, tenant.generation),
    fetchToken,
    ...(options.nonce ? { nonce: options.nonce } : {}),
  });
  if (tenant.kind === 'third-party') {
    // A third-party app's members log in through the suite (appid = suite_id, getuserinfo3rd with the suite
    // token); the corp's own OAuth (appid = corpid) is a 代开发 or own-app flow and would fail for them.
    const refuse = (): never => {
      throw inputError(
        `a third-party app logs members in with suite.oauth (appid = suite_id, getuserinfo3rd), not the corp's oauth; the corp's would answer 50001 or 40029`,
      );
    };
    client.oauth = { authorizeUrl: refuse, webLoginUrl: refuse, exchangeCode: refuse, getUserDetail: refuse };
  }
  return Object.assign(
    client,
    placed(options.where, {
      suiteId,
      kind: tenant.kind,
      generation: tenant.generation,
      async openUserIds(userids: string[]) {
        if (!Array.isArray(userids) || userids.length === 0 || userids.length > MAX_OPENUSERID_BATCH)
          fail(
            'userids',
            `must list 1 to ${MAX_OPENUSERID_BATCH} userids`,
            40058,
            'split larger lists into batches of 1000',
          );
        if (!userids.every((id) => typeof id === 'string' && id !== ''))
          fail('userids', 'must be non-empty strings', 40003, 'pass the userids as the corp gives them');
        const data = await client.call<{
          open_userid_list?: { userid: string; open_userid: string }[];
          invalid_userid_list?: string[];
        }>('/cgi-bin/batch/userid_to_openuserid', { method: 'POST', body: { userid_list: userids } });
        return {
          openUserids: (data.open_userid_list ?? []).map((e) => ({
            userid: e.userid,
            openUserid: e.open_userid,
          })),
          invalid: data.invalid_userid_list ?? [],
        };
      },
    }),
  );
}
