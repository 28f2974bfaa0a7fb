import { type OfficialAccountClient, type WeComClient, WxConfigError } from '@wxkit/core';
import type { SuiteClient } from '@wxkit/core/provider';
import { officialAccountApp } from './official-account.js';
import { providerApp } from './provider.js';
import type { AppStrategy, LoginSettings } from './strategy.js';
import { wecomApp } from './wecom.js';

export { corpOfUser } from './provider.js';
export type { AppStrategy, Identity, LoginSettings, UserLoader } from './strategy.js';

const PKG = '@wxkit/server createWxServer';

/** The one place that looks at which kind of app was passed; everything after talks to the strategy. */
export function chooseApp(
  given: {
    wecom?: WeComClient | undefined;
    officialAccount?: OfficialAccountClient | undefined;
    suite?: SuiteClient | undefined;
  },
  login: LoginSettings,
): AppStrategy {
  const { wecom, officialAccount, suite } = given;
  const count = [wecom, officialAccount, suite].filter(Boolean).length;
  if (count === 1 && wecom) return wecomApp(wecom, login);
  if (count === 1 && officialAccount) return officialAccountApp(officialAccount, login);
  if (count === 1 && suite) return providerApp(suite, login);
  throw new WxConfigError(
    `${PKG}: pass exactly one of \`wecom\` (createWeCom), \`officialAccount\` (createOfficialAccount) or \`suite\` (createSuite from @wxkit/core/provider)`,
  );
}
