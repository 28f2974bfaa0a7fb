import type { WxClient } from '@wxkit/core';

/** What the server kit keeps in the store; nothing else is written there. */
export type KeyKind = 'revoked' | 'callback-nonce' | 'callback-done';

/**
 * The one key scheme of the server kit: `wxkit:server:<app>:<kind>:<id>`, scoped by the app (corp + agent, or
 * OA appid) so two apps can share one Redis, never by the URL prefix.
 */
export function createKeys(client: WxClient) {
  const app = client.platform === 'wecom' ? `${client.appId}:${client.agentId}` : client.appId;
  const scope = `wxkit:server:${app}`;
  return (kind: KeyKind, id: string) => `${scope}:${kind}:${id}`;
}

export type Keys = ReturnType<typeof createKeys>;
