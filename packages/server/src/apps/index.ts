import { type OfficialAccountClient, type WeComClient, WxConfigError } from '@wxkit/core';
import { officialAccountApp } from './official-account.js';
import type { AppStrategy, LoginSettings } from './strategy.js';
import { wecomApp } from './wecom.js';

export type { AppStrategy, Identity, LoginSettings } from './strategy.js';

const PKG = '@wxkit/server createWxServer';

/** The one place that looks at which kind of app was passed; everything after talks to the strategy. */
export function chooseApp(
  given: { wecom?: WeComClient | undefined; officialAccount?: OfficialAccountClient | undefined },
  login: LoginSettings,
): AppStrategy {
  const { wecom, officialAccount } = given;
  if (wecom && !officialAccount) return wecomApp(wecom, login);
  if (officialAccount && !wecom) return officialAccountApp(officialAccount, login);
  throw new WxConfigError(
    `${PKG}: pass exactly one of \`wecom\` (createWeCom) or \`officialAccount\` (createOfficialAccount)`,
  );
}
