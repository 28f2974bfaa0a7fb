import type { Transport } from '../client/context.js';
import { assertRedirectUri } from '../oauth/checks.js';
import { checkAuthCode, checkCorpId, checkId, checkLetterState, checkPermanentCode, fail } from './checks.js';
import type { TokenCaller } from './token-call.js';

export interface AuthAgent {
  agentId: number;
  name?: string;
  /** 0 admin install, 1 member install (成员授权). */
  authMode?: number;
  /** True for a 代开发 app: its corp token comes from gettoken with the permanent code as the secret. */
  isCustomizedApp: boolean;
  privilege?: Record<string, unknown>;
}

export interface AuthorisedCorp {
  corpId: string;
  corpName?: string;
  /** From get_auth_info and get_permanent_code v1; v2 answers without it. */
  agents: AuthAgent[];
}

export interface PermanentCodeResult extends AuthorisedCorp {
  permanentCode: string;
  /** The install link's state (代开发 QR links, doc 98744). */
  state?: string;
  authUser?: { userid?: string; openUserid?: string };
}

export interface SuiteInstall {
  /** get_pre_auth_code: valid 20 minutes; the same code goes to set_session_info and the install URL. */
  preAuthCode(): Promise<{ preAuthCode: string; expiresIn: number }>;
  /** set_session_info: authType 1 marks a test install (only for test corps), 0 a live one (doc 90602). */
  setSessionInfo(options: { preAuthCode: string; authType: 0 | 1; appIds?: number[] }): Promise<void>;
  /** The page the installing admin opens (3rdapp/install); comes back to redirectUri with auth_code and state. */
  installUrl(options: { preAuthCode: string; redirectUri: string; state?: string }): string;
  /**
   * auth_code → permanent code and corp. `v2` (default; service/v2/get_permanent_code, doc 100776, 2025-05)
   * is faster and answers without the agent list; `v1` (doc 90603) includes it.
   */
  permanentCode(authCode: string, options?: { version?: 'v1' | 'v2' }): Promise<PermanentCodeResult>;
  /** get_auth_info (v1 doc 90604, the default; v2 path docs 100779 and 100795 (代开发), 2025, same answer). */
  authInfo(
    corpId: string,
    permanentCode: string,
    options?: { version?: 'v1' | 'v2' },
  ): Promise<AuthorisedCorp>;
}

type Raw = Record<string, unknown>;
const asObject = (value: unknown): Raw => (value && typeof value === 'object' ? (value as Raw) : {});
const optionalString = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

function corpOf(data: Raw): AuthorisedCorp {
  const corp = asObject(data.auth_corp_info);
  const agents = Array.isArray(asObject(data.auth_info).agent)
    ? (asObject(data.auth_info).agent as unknown[])
    : [];
  const result: AuthorisedCorp = {
    corpId: String(corp.corpid ?? ''),
    agents: agents.map((raw) => {
      const a = asObject(raw);
      const agent: AuthAgent = { agentId: Number(a.agentid), isCustomizedApp: a.is_customized_app === true };
      if (optionalString(a.name)) agent.name = a.name as string;
      if (typeof a.auth_mode === 'number') agent.authMode = a.auth_mode;
      if (a.privilege && typeof a.privilege === 'object') agent.privilege = a.privilege as Raw;
      return agent;
    }),
  };
  if (optionalString(corp.corp_name)) result.corpName = corp.corp_name as string;
  return result;
}

export function createSuiteInstall(transport: Transport, suiteId: string, caller: TokenCaller): SuiteInstall {
  return {
    async preAuthCode() {
      const data = await caller.call<{ pre_auth_code: string; expires_in: number }>(
        '/cgi-bin/service/get_pre_auth_code',
      );
      return { preAuthCode: data.pre_auth_code, expiresIn: data.expires_in };
    },
    async setSessionInfo({ preAuthCode, authType, appIds } = {} as never) {
      // 40077: invalid pre_auth_code (WeCom error table, doc 90313).
      checkId(
        'preAuthCode',
        preAuthCode,
        40077,
        'pass the pre_auth_code of get_pre_auth_code, the same one the install URL carries',
        512,
      );
      if (authType !== 0 && authType !== 1)
        fail(
          'authType',
          `must be 0 (live) or 1 (test install) (got ${JSON.stringify(authType)})`,
          40058,
          'use 1 only while the app is being tested in test corps',
        );
      if (
        appIds !== undefined &&
        (!Array.isArray(appIds) || !appIds.every((id) => Number.isInteger(id) && id > 0))
      )
        fail(
          'appIds',
          'must be positive integers (the suite app ids to allow)',
          40058,
          'omit it to allow every app of the suite',
        );
      await caller.call('/cgi-bin/service/set_session_info', {
        method: 'POST',
        body: {
          pre_auth_code: preAuthCode,
          session_info: { ...(appIds ? { appid: appIds } : {}), auth_type: authType },
        },
      });
    },
    installUrl({ preAuthCode, redirectUri, state } = {} as never) {
      checkId('preAuthCode', preAuthCode, 40077, 'pass the pre_auth_code given to set_session_info', 512);
      const query = new URLSearchParams({
        suite_id: suiteId,
        pre_auth_code: preAuthCode,
        redirect_uri: assertRedirectUri(redirectUri),
      });
      if (state !== undefined) query.set('state', checkLetterState(state, 128));
      return `${transport.hosts.work}/3rdapp/install?${query}`;
    },
    async permanentCode(authCode, { version = 'v2' } = {}) {
      checkAuthCode(authCode);
      const path =
        version === 'v1' ? '/cgi-bin/service/get_permanent_code' : '/cgi-bin/service/v2/get_permanent_code';
      const data = await caller.call<Raw>(path, { method: 'POST', body: { auth_code: authCode } });
      const user = asObject(data.auth_user_info);
      const result: PermanentCodeResult = {
        ...corpOf(data),
        permanentCode: String(data.permanent_code ?? ''),
      };
      if (optionalString(data.state)) result.state = data.state as string;
      if (optionalString(user.userid) || optionalString(user.open_userid))
        result.authUser = {
          ...(optionalString(user.userid) ? { userid: user.userid as string } : {}),
          ...(optionalString(user.open_userid) ? { openUserid: user.open_userid as string } : {}),
        };
      return result;
    },
    async authInfo(corpId, permanentCode, { version = 'v1' } = {}) {
      checkCorpId(corpId);
      checkPermanentCode(permanentCode);
      const path = version === 'v2' ? '/cgi-bin/service/v2/get_auth_info' : '/cgi-bin/service/get_auth_info';
      return corpOf(
        await caller.call<Raw>(path, {
          method: 'POST',
          body: { auth_corpid: corpId, permanent_code: permanentCode },
        }),
      );
    },
  };
}
