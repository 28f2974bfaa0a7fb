import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  SeedError,
  StateFileError,
} from '@wxkit/emulator';
import type { Command } from 'commander';
import { loadEmulatorSettings } from '../config.js';
import { CliExit, type CliIO } from '../io.js';
import { isAddressInUse, portInUse } from '../ports.js';

export const DEFAULT_EMULATOR_PORT = 4100;

/** Starts the emulator for a CLI command: a clear exit for a bad seed or a busy port, never a stack trace. */
export async function startEmulator(
  command: string,
  options: EmulatorOptions & { port: number },
): Promise<Emulator> {
  try {
    return await createEmulator({ ownProcess: true, ...options });
  } catch (error) {
    if (isAddressInUse(error)) throw portInUse(command, 'the emulator', options.port, '--port');
    if (error instanceof SeedError || error instanceof StateFileError)
      throw new CliExit(`wxkit ${command}: ${error.message}`, 2);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CliExit(`wxkit ${command}: cannot read the seed: ${(error as Error).message}`, 2);
    throw error;
  }
}

export const parsePort = (command: string, flag: string, value: string | undefined) => {
  const port = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || port > 65535)
    throw new CliExit(`wxkit ${command}: ${flag} must be a port number 0-65535`, 2);
  return port;
};

/** Resolves when the process is asked to stop (Ctrl-C, SIGTERM). */
export const untilStopped = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

export function register(program: Command, io: CliIO): void {
  program
    .command('emulator')
    .description('run the WeChat/WeCom emulator (API, authorize page, JS-SDK bridge, console)')
    .option(
      '--config <file>',
      'read emulator.seed and emulator.port from this config (default: wxkit.config.yaml if present)',
    )
    .option('--port <port>', `port to listen on (default: emulator.port, else ${DEFAULT_EMULATOR_PORT})`)
    .option(
      '--host <host>',
      'address to bind (0.0.0.0: reachable from phones on this network; QR codes then use the LAN address)',
      '127.0.0.1',
    )
    .option(
      '--seed <file>',
      'a YAML seed (default: emulator.seed from the config, else the demo corp and survey app)',
    )
    .option(
      '--persist <file>',
      'keep the whole state (tokens, tickets, codes, menus, inbox, journal, clock) in this JSON file across restarts',
    )
    .option(
      '--import <dir>',
      'start from the state a previous run wrote with --export-on-exit (tokens, codes, inbox, followers, QR codes, deliveries, media, clock)',
    )
    .option(
      '--export-on-exit <dir>',
      'write the whole state to this folder when the emulator stops (for --import)',
    )
    .option('--json', 'print { ok, url, host, seed } as one JSON line once listening')
    .action(
      async (o: {
        config?: string;
        port?: string;
        host: string;
        seed?: string;
        persist?: string;
        import?: string;
        exportOnExit?: string;
        json?: boolean;
      }) => {
        const settings = await loadEmulatorSettings(io, o.config);
        const port =
          o.port !== undefined
            ? parsePort('emulator', '--port', o.port)
            : (settings.port ?? DEFAULT_EMULATOR_PORT);
        const seed = o.seed ?? settings.seed;
        const emulator = await startEmulator('emulator', {
          port,
          host: o.host,
          ...(seed ? { seed } : {}),
          ...(o.persist ? { persist: o.persist } : {}),
          ...(o.import ? { import: o.import } : {}),
          ...(o.exportOnExit ? { exportOnExit: o.exportOnExit } : {}),
        });
        if (o.json)
          io.out(JSON.stringify({ ok: true, url: emulator.url, host: emulator.host, seed: seed ?? null }));
        else {
          io.out(`wxkit emulator on ${emulator.url}  (console: ${emulator.url}/)`);
          io.out(`seed: ${seed ?? 'the shipped demo corp and survey app'}`);
          io.out(`point your app at it with WXKIT_EMULATOR_HOST=${emulator.host}`);
          if (emulator.lanUrl)
            io.err(
              `listening on every interface: phones on this network open ${emulator.lanUrl} (QR codes use it). Not for the internet: the control API and the seed's secrets are open to this network.`,
            );
        }
        await untilStopped();
        await emulator.close();
      },
    );
}
