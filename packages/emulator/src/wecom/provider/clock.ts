import { DEFAULT_OUTBOUND, defineState } from '../../world.js';
import { announcePreinstalls, preinstall } from './preinstall.js';
import { startTicketClock } from './pushes.js';

/**
 * Each world's suite_ticket clock (pushes.ts), and the seed's pre-installs (preinstall.ts). The clock starts with
 * the world when the emulator reaches apps by the network (`wxkit dev`, a plain createEmulator), and otherwise (a test's `appFetch`) at the first request of the
 * provider side (`/cgi-bin/service/*`, `/3rdapp/*`, `/_emulator/providers…`): a test that never touches
 * providers sees no URL checks or tickets among its app's requests.
 */
export const clockState = defineState('providerTicketClock', (_store, world) => {
  preinstall(world);
  let started = false;
  const clock = {
    start(): void {
      if (started) return;
      started = true;
      startTicketClock(world, (suiteId) => announcePreinstalls(world, suiteId));
    },
  };
  // Deferred: the world's outbound fetch is set once the world is built.
  world.later(0, () => {
    if (world.outbound.fetch === DEFAULT_OUTBOUND.fetch) clock.start();
  });
  return clock;
});
