/** Who an authorize or login page is for, once the request has been checked. */
export interface Target {
  platform: 'wecom' | 'oa';
  owner: string;
  agentId?: number;
  scope: string;
  redirect: URL;
  state: string;
  /** Who can log in: userids or openids with display names. */
  people: { id: string; name: string; sub: string; member: boolean }[];
}

/** An authorize page's parameters: the query, and on a POST the form's fields over it. */
export type Params = Record<string, string>;

/** The host (with its port) of a redirect_uri, as the trusted domains and the codes name it. */
export const hostOf = (url: URL) => url.host;
