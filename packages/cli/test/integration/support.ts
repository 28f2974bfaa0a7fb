import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The built CLI, as `npx wxkit` runs it. */
export const BIN = join(import.meta.dirname, '../../bin/wxkit.js');

export interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** `wxkit …args` in `cwd`: its output so far in `result`, `exited` when it ends. */
export function wxkit(args: string[], cwd: string) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const result: Run = { code: null, out: '', err: '' };
  child.stdout.on('data', (d) => {
    result.out += String(d);
  });
  child.stderr.on('data', (d) => {
    result.err += String(d);
  });
  const exited = new Promise<Run>((resolve) =>
    child.once('exit', (code) => {
      result.code = code;
      resolve(result);
    }),
  );
  return { child, result, exited };
}

/** `wxkit dev`'s arguments: the emulator on `emulatorPort`, the app command `app` told to listen on `appPort`. */
export const devArgs = (emulatorPort: number, appPort: number, app: string, ...extra: string[]) => [
  'dev',
  '--port',
  String(emulatorPort),
  '--app-port',
  String(appPort),
  '--app',
  app,
  ...extra,
];

/** `probe` every 100 ms until it gives a value (a throw counts as not yet); fails naming `what` after 20 s. */
export async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
