import { fingerprint } from '../token/cache.js';

/**
 * Everything a service provider keeps in the store, by kind, with the ids each kind is keyed by. Each kind has a
 * fixed number of parts, so a key names its kind and its ids unambiguously.
 */
export type ProviderKeyPart =
  /** provider_access_token of a provider corpid (and the secret's fingerprint: a new secret, a new token). */
  | { kind: 'provider_token'; providerCorpId: string; secret: string }
  /** suite_access_token of a suite (third-party app) or 代开发 template. */
  | { kind: 'suite_token'; suiteId: string; secret: string }
  /** The last pushed suite_tickets of a suite. */
  | { kind: 'suite_ticket'; suiteId: string }
  /** The code-exchange memo of the suite's member logins (getuserinfo3rd). */
  | { kind: 'suite_oauth'; suiteId: string }
  /**
   * A corp's access token through a suite and its JS-SDK tickets, per generation of its permanent code: a reset
   * code gives new keys, so no process goes on serving a token it holds in memory from the old code.
   */
  | {
      kind: 'corp_token' | 'corp_jsapi_ticket' | 'corp_agent_ticket';
      suiteId: string;
      corpId: string;
      generation: string;
    }
  /** A tenant record (the corp that authorised a suite), and the corp's code-exchange memo. */
  | { kind: 'tenant' | 'corp_oauth'; suiteId: string; corpId: string }
  /** One bucket of the tenant index. */
  | { kind: 'tenant_index'; suiteId: string; bucket: number }
  /**
   * What get_permanent_code answered for one auth_code (sealed), kept for the code's life so an install cut short
   * after the code was spent can finish; `codeHash` is a hash of the auth_code, never the code.
   */
  | { kind: 'install_grant'; suiteId: string; codeHash: string };

/** Percent-encodes everything but [A-Za-z0-9_.~-]: a part never contains the ':' that joins the parts. */
const part = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The one function that names a provider's keys (octokit auth-app's `optionsToCacheKey` idea): distinct
 * (kind, ids) never share a key, whatever the ids contain (':' and '%' included; a property test holds it).
 * Secrets appear only as a fingerprint.
 */
export function providerKey(key: ProviderKeyPart): string {
  const parts: string[] = ['wxkit', 'provider', key.kind];
  switch (key.kind) {
    case 'provider_token':
      parts.push(part(key.providerCorpId), fingerprint(key.secret));
      break;
    case 'suite_token':
      parts.push(part(key.suiteId), fingerprint(key.secret));
      break;
    case 'suite_ticket':
    case 'suite_oauth':
      parts.push(part(key.suiteId));
      break;
    case 'tenant_index':
      parts.push(part(key.suiteId), String(key.bucket));
      break;
    case 'install_grant':
      parts.push(part(key.suiteId), part(key.codeHash));
      break;
    case 'tenant':
    case 'corp_oauth':
      parts.push(part(key.suiteId), part(key.corpId));
      break;
    default:
      parts.push(part(key.suiteId), part(key.corpId), part(key.generation));
  }
  return parts.join(':');
}

/** The keys of one corp's credentials through one suite: what the corp client uses and a removal drops. */
export function corpKeys(suiteId: string, corpId: string, generation: string) {
  return {
    accessToken: providerKey({ kind: 'corp_token', suiteId, corpId, generation }),
    jsapiTicket: providerKey({ kind: 'corp_jsapi_ticket', suiteId, corpId, generation }),
    agentTicket: providerKey({ kind: 'corp_agent_ticket', suiteId, corpId, generation }),
    oauth: providerKey({ kind: 'corp_oauth', suiteId, corpId }),
  };
}
