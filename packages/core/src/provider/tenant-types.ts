// The tenant's shapes, apart from the registry and its store so neither imports the other.
/** How a corp's token is fetched: get_corp_token (third-party app) or gettoken with the code as secret (代开发). */
export type TenantKind = 'third-party' | 'customized';

/** A corp that authorised the suite. The permanent code is never part of it: it stays sealed in the store. */
export interface Tenant {
  corpId: string;
  corpName?: string;
  agentId: number;
  kind: TenantKind;
  /** Epoch ms of the (last) authorisation. */
  addedAt: number;
  /** The install link's state, when the install carried one. */
  state?: string;
  /** Random id that changes whenever the permanent code does; the corp's credential keys carry it. */
  generation: string;
}

export interface TenantInput extends Omit<Tenant, 'addedAt' | 'generation'> {
  permanentCode: string;
  addedAt?: number;
}

export interface TenantPage {
  tenants: Tenant[];
  /** Pass back to `list` for the next page; absent on the last page. */
  cursor?: string;
}
