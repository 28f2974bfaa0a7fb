import { createHash } from 'node:crypto';
import { inputError } from '../errors/place.js';
import type { Store } from '../store/store.js';
import type { PermanentCodeResult, SuiteInstall } from './install.js';
import { providerKey } from './keys.js';
import type { SecretSealer } from './seal.js';
import type { Tenant, TenantRegistry } from './tenants.js';

/** An auth_code lives 10 minutes (doc 90603): what it granted is kept as long, for a retry of the same code. */
const GRANT_TTL_MS = 10 * 60_000;

type Grant = Pick<PermanentCodeResult, 'corpId' | 'permanentCode' | 'corpName' | 'state'>;

/**
 * auth_code → registered tenant: get_permanent_code (v2), get_auth_info, then the registry. The code is spent by
 * the first call, so its answer is written to the store (sealed, under a hash of the code) before anything else
 * can fail: a process that dies after the code was spent — before get_auth_info answers or the tenant is written —
 * leaves the grant, and the next call with the same code (the install queue's retry after a restart) finishes from
 * it instead of asking the platform again (which would answer 40078 and lose the corp). A retry after the tenant
 * was written adds it again with the same permanent code: the same generation, no second tenant.
 */
export function createInstallCompleter(options: {
  suiteId: string;
  store: Store;
  sealer: SecretSealer;
  install: SuiteInstall;
  registry: TenantRegistry;
}): (authCode: string) => Promise<Tenant> {
  const { suiteId, store, sealer, install, registry } = options;
  const grantKey = (authCode: string) =>
    providerKey({
      kind: 'install_grant',
      suiteId,
      codeHash: createHash('sha256').update(authCode).digest('base64url'),
    });
  const readGrant = async (key: string): Promise<Grant | undefined> => {
    const raw = await store.get(key);
    const text = raw === undefined ? undefined : sealer.open(raw, key);
    if (text === undefined) return undefined;
    try {
      const grant = JSON.parse(text) as Grant;
      return typeof grant?.corpId === 'string' && typeof grant.permanentCode === 'string' ? grant : undefined;
    } catch {
      return undefined;
    }
  };

  return async (authCode) => {
    const key = grantKey(String(authCode));
    let grant = await readGrant(key);
    if (!grant) {
      const { corpId, permanentCode, corpName, state } = await install.permanentCode(authCode, {
        version: 'v2',
      });
      grant = {
        corpId,
        permanentCode,
        ...(corpName ? { corpName } : {}),
        ...(state ? { state } : {}),
      };
      await store.set(key, sealer.seal(JSON.stringify(grant), key), GRANT_TTL_MS);
    }
    // v2 answers fast but without the agent list, so get_auth_info follows.
    const info = await install.authInfo(grant.corpId, grant.permanentCode);
    const agent = info.agents[0];
    if (!agent)
      throw inputError(
        `get_auth_info for ${grant.corpId} listed no agent; the install is incomplete — ask the admin to install again`,
      );
    // A dk… id is a 代开发 template whatever the agent says (the reference's reading of docs 97162/97163).
    const customized = agent.isCustomizedApp || suiteId.startsWith('dk');
    const corpName = info.corpName ?? grant.corpName;
    const tenant = await registry.add({
      corpId: grant.corpId,
      permanentCode: grant.permanentCode,
      agentId: agent.agentId,
      kind: customized ? 'customized' : 'third-party',
      ...(corpName ? { corpName } : {}),
      ...(grant.state ? { state: grant.state } : {}),
    });
    await store.delete(key);
    return tenant;
  };
}
