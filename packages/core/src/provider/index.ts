// @wxkit/core/provider: a service provider's clients (第三方应用 and 代开发), its suite_ticket intake and its tenants.

export { type CorpClient, MAX_OPENUSERID_BATCH } from './corp.js';
export type { SuiteIdentity, SuiteOAuth, SuiteUserDetail } from './identity.js';
export type { AuthAgent, AuthorisedCorp, PermanentCodeResult, SuiteInstall } from './install.js';
export { type ProviderKeyPart, providerKey } from './keys.js';
export { createProvider, type ProviderClient, type ProviderOptions } from './provider.js';
export { MIN_SEAL_SECRET } from './seal.js';
export { createSuite, type SuiteClient, type SuiteOptions } from './suite.js';
export {
  type HeldTicket,
  readSuiteTickets,
  SUITE_TICKET_LIFETIME_MS,
  type SuiteTicketBox,
  type SuiteTickets,
} from './suite-ticket.js';
export { listTenants } from './tenant-store.js';
export {
  TENANT_TTL_MS,
  type Tenant,
  type TenantInput,
  type TenantKind,
  type TenantPage,
  type TenantRegistry,
} from './tenants.js';
