import { UA } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { harness } from './helpers.js';
import { faultyLogins } from './support/login-faults.js';

// The short form of bench/login-faults-bench.ts: a regression in fault absorption fails CI.
describe('logins while the platform fails one call in five in passing', () => {
  it.each(['callback', 'spa'] as const)(
    'shows the member no failure in %s mode',
    async (mode) => {
      const h = await harness();
      const run = await faultyLogins(h, { logins: 100, rate: 0.2, mode, seed: 7, ua: UA.wecomIOS });
      expect(run.faultsInjected).toBeGreaterThan(40);
      expect(run.failures).toEqual([]);
      expect(run.visibleFailures).toBe(0);
    },
    120_000,
  );
});
