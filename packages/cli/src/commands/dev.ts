import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { defaultSeed, loadSeed, type Seed, SeedError } from '@wxkit/emulator';
import type { Command } from 'commander';
import QRCode from 'qrcode';
import { loadEmulatorSettings } from '../config.js';
import { appCredentials, devSessionSecret, emulatorState } from '../dev-project.js';
import { CliExit, type CliIO } from '../io.js';
import { portInUse, portIsFree, whenListening } from '../ports.js';
import { seedForAppPort } from '../seed-port.js';
import { DEFAULT_EMULATOR_PORT, parsePort, startEmulator } from './emulator.js';

interface Options {
  config?: string;
  port?: string;
  app?: string;
  appPort?: string;
  seed?: string;
  fresh?: boolean;
  json?: boolean;
}

async function readSeed(file: string | undefined): Promise<Seed> {
  try {
    return file ? loadSeed(await readFile(file, 'utf8')) : defaultSeed();
  } catch (error) {
    if (error instanceof SeedError) throw new CliExit(`wxkit dev: ${file}: ${error.message}`, 2);
    throw new CliExit(`wxkit dev: cannot read the seed ${file}: ${(error as Error).message}`, 2);
  }
}

/** The port of a loopback home page in the config (localhost:3000 → 3000), the app's port by default. */
const configuredAppPort = (homeUrl: string | undefined) => {
  if (!homeUrl) return undefined;
  try {
    const u = new URL(homeUrl);
    if (!['localhost', '127.0.0.1'].includes(u.hostname)) return undefined;
    return Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  } catch {
    return undefined;
  }
};

/** How the app ended: null while it runs; the code to leave dev with once it has exited. */
function exitCodeOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export function register(program: Command, io: CliIO): void {
  program
    .command('dev')
    .description('the emulator plus your app (pointed at it), with the entry link as a QR code')
    .option(
      '--config <file>',
      'read emulator.seed, emulator.port and homeUrl from this config (default: wxkit.config.yaml if present)',
    )
    .option('--port <port>', `emulator port (default: emulator.port, else ${DEFAULT_EMULATOR_PORT})`)
    .option('--app <command>', 'command that starts the app (gets PORT and WXKIT_EMULATOR_HOST)')
    .option('--app-port <port>', "the app's port (default: the config's homeUrl port, else 3000)")
    .option(
      '--seed <file>',
      'emulator seed (YAML; default: emulator.seed from the config, else the demo seed)',
    )
    .option(
      '--fresh',
      'start the emulator clean instead of from the state kept in .wxkit/emulator-state.json (in a project)',
    )
    .option('--json', 'print { ok, emulator, host, app, moved, state } as one JSON line once started')
    .action(async (o: Options) => {
      const settings = await loadEmulatorSettings(io, o.config);
      const port =
        o.port !== undefined ? parsePort('dev', '--port', o.port) : (settings.port ?? DEFAULT_EMULATOR_PORT);
      const appPort =
        o.appPort !== undefined
          ? parsePort('dev', '--app-port', o.appPort)
          : (configuredAppPort(settings.homeUrl) ?? 3000);
      const seedFile = o.seed ?? settings.seed;
      const written = await readSeed(seedFile);
      const { seed, moved } = seedForAppPort(written, appPort);
      const configPort = configuredAppPort(settings.homeUrl);
      if (configPort !== undefined && configPort !== appPort)
        io.err(
          `wxkit dev: the config's homeUrl (${settings.homeUrl}) is on port ${configPort}, the app on ${appPort}; doctor and auth-url read the config, so update it too`,
        );
      if (o.app && !(await portIsFree(appPort))) throw portInUse('dev', 'the app', appPort, '--app-port');
      const state = await emulatorState(settings, { written, run: seed }, o.fresh === true);
      const emulator = await startEmulator('dev', {
        port,
        seed,
        ...(state.file ? { persist: state.file } : {}),
      });
      const appUrl = `http://localhost:${appPort}/`;
      let child: ChildProcess | undefined;
      let appExit: Promise<number> | undefined;
      if (o.app) {
        // Its own process group, so stopping dev stops the app and everything its shell started.
        child = spawn(o.app, {
          shell: true,
          detached: process.platform !== 'win32',
          // With --json, stdout carries dev's one JSON line; the app's own output goes to stderr.
          stdio: ['ignore', o.json ? 2 : 'inherit', 'inherit'],
          // The seed's credentials, under the names `wxkit init`'s apps read: the emulator knows no others.
          env: {
            ...process.env,
            ...appCredentials(settings, seed),
            SESSION_SECRET: process.env['SESSION_SECRET'] ?? (await devSessionSecret(settings)),
            PORT: String(appPort),
            WXKIT_EMULATOR_HOST: emulator.host,
          },
        });
        appExit = exitCodeOf(child);
        const listening = whenListening(appPort, 20_000);
        void Promise.race([listening, appExit.then(() => true)]).then((up) => {
          if (!up)
            io.err(
              `wxkit dev: nothing listens on port ${appPort} after 20 s, the port the trusted domains name (localhost:${appPort}). Does the app listen on process.env.PORT? A login on another port ends in 50001 (redirect_uri not on a trusted domain); pass --app-port to move the domains instead.`,
            );
        });
      }
      if (o.json)
        io.out(
          JSON.stringify({
            ok: true,
            emulator: emulator.url,
            host: emulator.host,
            app: o.app ? appUrl : null,
            seed: seedFile ?? null,
            moved,
            state: state.file ?? null,
          }),
        );
      else {
        io.out('');
        io.out(`  WeChat/WeCom emulator   ${emulator.url}   (console: members, workbench, inbox, journal)`);
        io.out(`  seed                    ${seedFile ?? 'the shipped demo corp and survey app'}`);
        io.out(`  emulator state          ${state.note}`);
        if (moved.length > 0) io.out(`  trusted domains         follow the app: ${moved.join(', ')}`);
        if (o.app) io.out(`  your app                ${appUrl}`);
        io.out('');
        io.out('  Open the console, tap the app in the workbench preview, pick a member.');
        io.out(`  Entry link (scan to open ${appUrl}):`);
        io.out(await QRCode.toString(appUrl, { type: 'terminal', small: true }));
      }
      const stopped = new Promise<'stopped'>((resolve) => {
        process.once('SIGINT', () => resolve('stopped'));
        process.once('SIGTERM', () => resolve('stopped'));
      });
      const ended = await Promise.race([stopped, appExit ?? stopped]);
      if (child?.pid && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGTERM');
        } catch {}
      }
      await emulator.close();
      // The app dying ends dev with its failure, so `npm start` (and CI) fail too.
      if (typeof ended === 'number' && ended !== 0)
        throw new CliExit(`wxkit dev: the app exited with code ${ended}; the emulator is stopped too`, 1);
    });
}
