import type { World } from '../../world.js';
import { authorise } from './authorise.js';
import { commandFields, sendToSuite } from './pushes.js';
import { findSuite, installOf, installsOf, providerState } from './state.js';

/**
 * `installed: [corpId]` on a suite: the corp's admin installed it before the emulator started. The install (the
 * app in the corp) is there from the first request; its permanent code reaches the app by a create_auth push once
 * the app answers (after its first suite_ticket, so it can exchange the code), as an app-market install would have
 * pushed it. A world restored from a snapshot keeps what it had.
 */
export function preinstall(world: World): void {
  for (const provider of world.seed.providers ?? [])
    for (const suite of provider.suites)
      for (const corpId of suite.installed ?? []) {
        if (installOf(world, suite.suiteId, corpId)) continue;
        const { install, authCode } = authorise(world, suite.suiteId, corpId);
        install.preinstalled = true;
        // This auth code is never handed out: the create_auth push issues its own.
        providerState.of(world).authCodes.delete(authCode);
      }
}

/** Pushes create_auth for each pre-installed corp of the suite whose permanent code was never issued. */
export async function announcePreinstalls(world: World, suiteId: string): Promise<void> {
  const found = findSuite(world, suiteId);
  if (!found) return;
  for (const install of installsOf(world, suiteId)) {
    if (!install.preinstalled || install.codeHash !== '') continue;
    const { authCode } = authorise(world, suiteId, install.corpId);
    install.preinstalled = false;
    await sendToSuite(
      world,
      found.suite,
      'command',
      commandFields(world, found.suite, 'create_auth', { AuthCode: authCode }),
    );
  }
}
