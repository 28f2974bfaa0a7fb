import type { Keys } from '../keys.js';
import type { Settings } from '../options.js';
import type { CommandContext } from '../routes/commands.js';
import type { Sealer } from '../seal.js';
import {
  createInstallQueue,
  PROVIDER_EVENTS,
  type ProviderEvent,
  type ProviderEventHandler,
  type ProviderEventType,
} from './provider-commands.js';

export type { ProviderEventHandler, ProviderEventType } from './provider-commands.js';

export const isProviderEvent = (type: string): type is ProviderEventType =>
  (PROVIDER_EVENTS as readonly string[]).includes(type);

/**
 * The provider half of a server with a command callback: its install queue, its event listeners, and the drain
 * at start that finishes installs a previous process recorded but did not complete.
 */
export function providerPart(
  settings: Pick<Settings, 'commands' | 'store' | 'clock' | 'logger' | 'schedule'>,
  key: Keys,
  sealer: Sealer,
) {
  const setup = settings.commands;
  if (!setup) return undefined;
  const { store, clock, logger, schedule } = settings;
  const listeners = new Map<ProviderEventType, ProviderEventHandler[]>();
  const emit = async (event: ProviderEvent) => {
    for (const handler of listeners.get(event.type) ?? []) await handler(event);
  };
  const queue = createInstallQueue({ suite: setup.suite, store, key, sealer, clock, logger, emit });
  const context: CommandContext = { store, key, clock, logger, schedule, queue, emit };
  // A start resumes what a previous process recorded (an auth_code whose permanent code it never fetched).
  schedule(() =>
    queue.drain().catch((error: unknown) =>
      logger.error('provider install drain failed', {
        error: error instanceof Error ? error.message : String(error),
      }),
    ),
  );
  return {
    context,
    on(type: ProviderEventType, handler: ProviderEventHandler) {
      listeners.set(type, [...(listeners.get(type) ?? []), handler]);
    },
  };
}
