import { defineState, type Platform } from './world.js';

export interface TokenRecord {
  value: string;
  platform: Platform;
  /** corpId or appId. */
  owner: string;
  agentId?: number;
  kind: 'access_token' | 'stable_token' | 'sns';
  expiresAt: number;
  /** Set when a newer token superseded it (OA): answers 40001 afterwards. */
  revoked?: boolean;
  /** OA /cgi-bin/token: superseded by a newer token, works until this time, then 40001. */
  revokeAt?: number;
  /** sns tokens: who and with what scope. */
  openid?: string;
  scope?: string;
}

export interface TicketRecord {
  value: string;
  expiresAt: number;
}

const HOUR = 3_600_000;

/** What the platforms issue and the emulator checks: tokens, JS-SDK tickets, OAuth user tickets, refresh tokens. */
export const CREDENTIAL_CAPS = {
  tokens: 10_000,
  /** Non-sns tokens kept per app and kind (OA issues a new one per /cgi-bin/token call). */
  tokensPerOwner: 16,
  tickets: 1000,
  userTickets: 10_000,
  refreshTokens: 10_000,
  forcedRefreshes: 10_000,
} as const;

const ownerKey = (platform: Platform, owner: string, kind: string, agentId?: number) =>
  `${platform}:${owner}:${agentId ?? ''}:${kind}`;

export const credentials = defineState('credentials', (store) => {
  const tokens = store.map<string, TokenRecord>(
    'tokens',
    CREDENTIAL_CAPS.tokens,
    (t, now) => t.expiresAt < now - HOUR,
  );
  /** Non-sns tokens per platform/owner/agent/kind, newest last: lookups never scan every token. */
  const owned = new Map<string, TokenRecord[]>();
  const live = (list: TokenRecord[]) => list.filter((t) => tokens.get(t.value) === t);
  // A restored store: index the tokens it brought back, oldest first, as addToken did.
  for (const record of tokens.values())
    if (record.kind !== 'sns') {
      const key = ownerKey(record.platform, record.owner, record.kind, record.agentId);
      owned.set(key, [...(owned.get(key) ?? []), record]);
    }
  return {
    tokens,
    tickets: store.map<string, TicketRecord>(
      'tickets',
      CREDENTIAL_CAPS.tickets,
      (t, now) => t.expiresAt < now - HOUR,
    ),
    userTickets: store.map<string, { userid: string; corpId: string; agentId: number; expiresAt: number }>(
      'userTickets',
      CREDENTIAL_CAPS.userTickets,
      (t, now) => t.expiresAt < now - HOUR,
    ),
    refreshTokens: store.map<
      string,
      { appId: string; openid: string; scope: string; expiresAt: number; accessToken?: string }
    >('refreshTokens', CREDENTIAL_CAPS.refreshTokens, (t, now) => t.expiresAt < now),
    /** OA: forced refreshes (force_refresh) per app, their times in the last day. */
    forcedRefreshes: store.map<string, number[]>(
      'forcedRefreshes',
      CREDENTIAL_CAPS.forcedRefreshes,
      (times, now) => {
        const recent = times.filter((t) => t > now - 86_400_000);
        times.splice(0, times.length, ...recent);
        return recent.length === 0;
      },
    ),
    /** Adds a token and indexes it by owner; the owner's oldest beyond `tokensPerOwner` are forgotten. */
    addToken(record: TokenRecord): void {
      tokens.set(record.value, record);
      if (record.kind === 'sns') return;
      const key = ownerKey(record.platform, record.owner, record.kind, record.agentId);
      const list = live(owned.get(key) ?? []);
      list.push(record);
      while (list.length > CREDENTIAL_CAPS.tokensPerOwner) {
        const dropped = list.shift();
        if (dropped) tokens.delete(dropped.value);
      }
      owned.set(key, list);
    },
    /** The owner's tokens of one kind still in the store, oldest first. */
    tokensOf(platform: Platform, owner: string, kind: TokenRecord['kind'], agentId?: number): TokenRecord[] {
      return live(owned.get(ownerKey(platform, owner, kind, agentId)) ?? []);
    },
  };
});
