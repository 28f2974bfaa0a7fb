import { defineFeature } from '../../feature.js';
import { clockState } from './clock.js';
import { providerConsole } from './console.js';
import { providerControl } from './control.js';
import { providerIdentityApi } from './identity-api.js';
import { providerInstallApi } from './install-api.js';
import { providerInstallPages } from './install-page.js';
import { providerLoginPage } from './login-page.js';
import { providerState } from './state.js';
import { providerTokens } from './tokens.js';

/**
 * Service providers (服务商): suites and 代开发 templates of the seed's `providers:`, their tickets and tokens, the
 * install and login pages, the authorisation pushes and the provider console. Listed before wecom/token in
 * features.ts: its gettoken (a 代开发 permanent code as corpsecret) and authorize page (appid = suite_id) answer
 * first and pass anything else on.
 */
export const weComProviderFeature = defineFeature({
  name: 'wecom/provider',
  platform: 'wecom',
  state: [providerState, clockState],
  api: [providerTokens, providerInstallApi, providerIdentityApi],
  control: [providerControl, providerInstallPages, providerLoginPage],
  console: [providerConsole],
});
