import { wxMetrics } from '@wxkit/core';

interface Finished {
  ok: boolean;
  state?: { attempts: number; mode: string } | undefined;
  error?: { code: string };
}

/** A finished code → session step as `wxkit.logins` (outcome: ok or the kit's error code) and its round trips. */
export function countLogin<T extends Finished>(outcome: T): T {
  const m = wxMetrics();
  const attributes = {
    'wxkit.outcome': outcome.ok ? 'ok' : (outcome.error?.code ?? 'error'),
    'wxkit.mode': outcome.state?.mode ?? 'unknown',
  };
  m.logins.add(1, attributes);
  if (outcome.state) m.loginRoundTrips.record(Math.max(1, outcome.state.attempts), attributes);
  return outcome;
}
