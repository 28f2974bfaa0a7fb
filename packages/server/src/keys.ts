/** What the server kit keeps in the store; nothing else is written there. */
export type KeyKind = 'revoked' | 'callback-nonce' | 'callback-claim' | 'callback-done';

/**
 * The one key scheme of the server kit: `wxkit:server:<app>:<kind>:<id>`, scoped by the app (its strategy's appKey:
 * corp + agent, or OA appid) so two apps can share one Redis, never by the URL prefix.
 */
export function createKeys(appKey: string) {
  const scope = `wxkit:server:${appKey}`;
  return (kind: KeyKind, id: string) => `${scope}:${kind}:${id}`;
}

export type Keys = ReturnType<typeof createKeys>;
