// The route names and the verification-file path: options and the table both read them.
/** The routes under the prefix, by the name `routes` switches them with. */
export const ROUTE_NAMES = [
  'login',
  'callback',
  'session',
  'me',
  'logout',
  'jssdkConfig',
  'events',
  'commands',
  'install',
  'installed',
] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

/** Domain verification files, served at the site root. */
export const VERIFY_FILE = /^\/(WW|MP)_verify_[A-Za-z0-9]+\.txt$/;
