/**
 * Logins while the platform fails in passing (errcode -1, HTTP 500/502, dropped connections, delays) on ~20% of
 * the gettoken / auth/getuserinfo / user/get attempts, in both modes; then a persistent fault (60020) and a
 * persistent transient one (40029 on every exchange), counting authorize round trips until the member sees the
 * error page. Targets: 0 user-visible failures; at most 3 round trips, then the page.
 */

import { UA } from '@wxkit/test-support';
import { harness } from '../packages/server/test/helpers.js';
import { faultyLogins } from '../packages/server/test/support/login-faults.js';
import { scale } from './smoke.js';

const LOGINS = Number(process.env['LOGINS'] ?? scale(2000, 20));
console.log(`${LOGINS} logins per mode, ~20% of upstream attempts failing in passing`);
console.log(
  'mode'.padEnd(10),
  'faults'.padStart(8),
  'visible failures'.padStart(18),
  'extra round trips'.padStart(18),
  'seconds'.padStart(8),
);
for (const mode of ['callback', 'spa'] as const) {
  const h = await harness();
  const started = performance.now();
  const run = await faultyLogins(h, { logins: LOGINS, rate: 0.2, mode, seed: 2026, ua: UA.wecomIOS });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    mode.padEnd(10),
    String(run.faultsInjected).padStart(8),
    `${run.visibleFailures} (${((100 * run.visibleFailures) / run.logins).toFixed(2)}%)`.padStart(18),
    String(run.extraRoundTrips).padStart(18),
    seconds.toFixed(0).padStart(8),
  );
  for (const why of run.failures) console.log('   ', why);
}

console.log('\npersistent faults: authorize round trips until the member sees a page');
for (const [label, errcode] of [
  ['60020 (admin must fix)', 60020],
  ['40029 on every exchange', 40029],
] as const) {
  for (const mode of ['callback', 'spa'] as const) {
    const h = await harness();
    await h.emu.fetch('/_emulator/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/cgi-bin/auth/getuserinfo', count: 1000, errcode }),
    });
    const run = await faultyLogins(h, { logins: 1, rate: 0, mode, ua: UA.wecomIOS });
    console.log(
      `  ${label.padEnd(26)} ${mode.padEnd(9)} round trips: ${run.extraRoundTrips + 1}, then: ${run.failures[0] ?? 'a session'}`,
    );
  }
}
