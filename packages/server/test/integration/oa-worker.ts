/**
 * One "server process" of the multi-process test: an Official Account client on a Redis store (shared or not,
 * by prefix), calling the emulator over HTTP. Its clock is the emulator's, as last told by the parent.
 */
import { createOfficialAccount, type Logger } from '@wxkit/core';
import { createRedisStore } from '@wxkit/redis';

export interface WorkerConfig {
  OA_APP_ID: string;
  OA_APP_SECRET: string;
  REDIS_URL: string;
  REDIS_PREFIX: string;
  WXKIT_EMULATOR_HOST: string;
}

/** `now` is the emulator's clock in epoch milliseconds; `calls` how many concurrent API calls to make. */
export type ToWorker = { type: 'step'; now: number; calls: number };

export type FromWorker = { type: 'ready' } | { type: 'done'; errors: string[]; warnings: string[] };

const config = (name: keyof WorkerConfig): string => {
  const value = process.env[name];
  if (!value) throw new Error(`oa-worker: ${name} is not set`);
  return value;
};

const send = (message: FromWorker) => process.send?.(message);

const warnings: string[] = [];
const noop = () => {};
const logger: Logger = {
  debug: noop,
  info: noop,
  warn: (message) => warnings.push(message),
  error: (message) => warnings.push(message),
};

let offsetMs = 0;
const store = createRedisStore({ url: config('REDIS_URL'), prefix: config('REDIS_PREFIX'), logger });
const oa = createOfficialAccount({
  appId: config('OA_APP_ID'),
  appSecret: config('OA_APP_SECRET'),
  store,
  env: { WXKIT_EMULATOR_HOST: config('WXKIT_EMULATOR_HOST') },
  clock: () => Date.now() + offsetMs,
  logger,
});

// The parent disconnecting is the signal to end: with Redis closed, nothing keeps the process alive.
process.on('disconnect', () => void store.close());
process.on('message', async (message: ToWorker) => {
  offsetMs = message.now - Date.now();
  const results = await Promise.allSettled(Array.from({ length: message.calls }, () => oa.menu.current()));
  const errors = results.flatMap((r) =>
    r.status === 'rejected' ? [r.reason instanceof Error ? r.reason.message : String(r.reason)] : [],
  );
  send({ type: 'done', errors, warnings: warnings.splice(0) });
});
send({ type: 'ready' });
