import { type CallInit, type CommonOptions, createTransport } from '../client/context.js';
import { WxApiError } from '../errors/errors.js';
import { atPlace, inputError, placed } from '../errors/place.js';
import type { Hosts } from '../hosts.js';
import { checkCorpId, checkId, checkSuiteId } from './checks.js';
import { createInstallCompleter } from './complete-install.js';
import { type CorpClient, createCorpClient } from './corp.js';
import { createSuiteOAuth, type SuiteOAuth } from './identity.js';
import { createSuiteInstall, type SuiteInstall } from './install.js';
import { corpKeys, providerKey } from './keys.js';
import { createSecretSealer } from './seal.js';
import { createSuiteTicketBox, type SuiteTicketBox } from './suite-ticket.js';
import { createTenantRegistry, type Tenant, type TenantRegistry } from './tenants.js';
import { createTokenCaller } from './token-call.js';

const PKG = '@wxkit/core createSuite';

export interface SuiteOptions extends Omit<CommonOptions, 'tokenProvider'> {
  /** SuiteID of a third-party app (ww…/wx…) or the template id of a 代开发 template (dk…). */
  suiteId: string;
  suiteSecret: string;
  /** At least 32 characters: the key (through HKDF) that seals permanent codes in the store. */
  sealSecret: string;
  /** Corp clients kept in this process, least recently used dropped first (default 256). */
  maxCorpClients?: number;
}

export interface SuiteClient {
  readonly suiteId: string;
  /** The platform's hosts this suite calls (real, or the emulator's): where login and install pages live. */
  readonly hosts: Hosts;
  /** The suite_ticket pushes: `receive` is what the command callback calls with each one. */
  tickets: SuiteTicketBox;
  /** suite_access_token from the newest pushed ticket, cached once per lifetime for every process. */
  getSuiteAccessToken(): Promise<string>;
  /** Any suite API with suite_access_token added (refreshed once when stale). */
  call<T extends object>(path: string, init?: CallInit): Promise<T>;
  install: SuiteInstall;
  /** Member login of a third-party app (appid = suite_id); a 代开发 app logs in with its corp client's oauth. */
  oauth: SuiteOAuth;
  /** The corps that authorised this suite, in the store, permanent codes sealed. */
  tenants: TenantRegistry;
  /**
   * get_permanent_code (v2) + get_auth_info, then the corp is registered: what a create_auth or install does.
   * Safe to call again with the same auth_code after a crash between the steps (within the code's 10 minutes).
   */
  completeInstall(authCode: string): Promise<Tenant>;
  /** The client of a registered corp (its own token, JS-SDK tickets, users, messages). */
  corp(corpId: string): Promise<CorpClient>;
}

/** A suite (third-party app) or 代开发 template of a service provider, and the corps it is installed in. */
export function createSuite(options: SuiteOptions): SuiteClient {
  return atPlace(PKG, openSuite)(options);
}

function openSuite(options: SuiteOptions): SuiteClient {
  if (!options || typeof options !== 'object') throw inputError(`pass { suiteId, suiteSecret, sealSecret }`);
  const suiteId = checkSuiteId(options.suiteId);
  // 40080 is the table's "invalid suite secret" (doc 90313; not confirmed elsewhere).
  const suiteSecret = checkId(
    'suiteSecret',
    options.suiteSecret,
    40080,
    'copy the Secret of the app from 服务商管理端 → 应用管理',
    512,
  );
  const sealer = createSecretSealer(options.sealSecret, 'provider:permanent_code');
  const maxCorpClients = options.maxCorpClients ?? 256;
  if (!Number.isInteger(maxCorpClients) || maxCorpClients < 1)
    throw inputError(`\`maxCorpClients\` must be a positive integer (got ${maxCorpClients})`);
  const transport = createTransport('wecom', options);
  const { store, clock, logger, cache } = transport;
  const tickets = createSuiteTicketBox({ suiteId, store, clock, logger });

  const fetchSuiteToken = async (ticket: string) => {
    const data = await transport.request<{ suite_access_token: string; expires_in: number }>(
      transport.hosts.qyapi,
      '/cgi-bin/service/get_suite_token',
      // POST with a JSON body: a GET drops the body and answers 40083 (community answer, 2021).
      { method: 'POST', body: { suite_id: suiteId, suite_secret: suiteSecret, suite_ticket: ticket } },
    );
    return { value: data.suite_access_token, expiresIn: data.expires_in };
  };
  const suite = createTokenCaller(transport, {
    param: 'suite_access_token',
    key: providerKey({ kind: 'suite_token', suiteId, secret: suiteSecret }),
    fetch: async () => {
      const { latest, previous } = await tickets.current();
      try {
        return await fetchSuiteToken(latest.value);
      } catch (error) {
        // The platform tolerates the last two tickets (doc 90628): when the newest is refused (pushed to us but
        // superseded, or mis-delivered), the one before it is tried once.
        if (!(error instanceof WxApiError) || error.errcode !== 40085 || !previous) throw error;
        logger.warn(
          `${PKG}: the newest suite_ticket of ${suiteId} was refused (40085); trying the previous one`,
        );
        return fetchSuiteToken(previous.value);
      }
    },
  });

  const corpClients = new Map<string, CorpClient>();
  const dropCorp = async (corpId: string, generation: string) => {
    corpClients.delete(corpId);
    const keys = corpKeys(suiteId, corpId, generation);
    await Promise.all([
      cache.forget(keys.accessToken),
      cache.forget(keys.jsapiTicket),
      cache.forget(keys.agentTicket),
    ]);
  };
  const { registry, permanentCode } = createTenantRegistry({
    suiteId,
    store,
    clock,
    logger,
    sealer,
    onCredentialsChanged: dropCorp,
  });
  const install = createSuiteInstall(transport, suiteId, suite);
  const completeInstall = createInstallCompleter({ suiteId, store, sealer, install, registry });

  return placed(PKG, {
    suiteId,
    hosts: transport.hosts,
    tickets,
    getSuiteAccessToken: suite.token,
    call: suite.call,
    install,
    oauth: createSuiteOAuth(transport, suiteId, suite),
    tenants: registry,
    completeInstall,
    async corp(corpId) {
      checkCorpId(corpId);
      // The registry is read on every call (one store read): a corp removed or reset by another process is seen
      // at once, never served from this process's memory.
      const tenant = await registry.get(corpId);
      const held = corpClients.get(corpId);
      corpClients.delete(corpId);
      if (held && tenant && held.generation === tenant.generation && held.agentId === tenant.agentId) {
        corpClients.set(corpId, held);
        return held;
      }
      if (!tenant)
        throw inputError(
          `corp ${corpId} has not authorised suite ${suiteId} (not in the tenant registry); the platform would answer 40079 (authorisation not found). Fix: install the app in that corp, or check the corp id (case-sensitive)`,
        );
      const client = createCorpClient({
        where: `${PKG} corp(${corpId})`,
        transport,
        suiteId,
        tenant,
        suite,
        permanentCode,
        ...(options.nonce ? { nonce: options.nonce } : {}),
      });
      corpClients.set(corpId, client);
      if (corpClients.size > maxCorpClients) corpClients.delete(corpClients.keys().next().value as string);
      return client;
    },
  });
}
