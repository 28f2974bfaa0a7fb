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
