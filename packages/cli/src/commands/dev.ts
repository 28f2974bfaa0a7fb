import { spawn } from 'node:child_process';
import { createEmulator } from '@wxkit/emulator';
import type { Command } from 'commander';
import QRCode from 'qrcode';
import { CliExit, type CliIO } from '../io.js';

export function register(program: Command, io: CliIO): void {
  program
    .command('dev')
    .description('the emulator plus your app (pointed at it), with the entry link as a QR code')
    .option('--port <port>', 'emulator port', '4100')
    .option('--app <command>', 'command that starts the app (gets PORT and WXKIT_EMULATOR_HOST)')
    .option('--app-port <port>', 'the app port', '3000')
    .option('--seed <file>', 'emulator seed (YAML)')
    .action(async (o: { port: string; app?: string; appPort: string; seed?: string }) => {
      const port = Number(o.port);
      if (!Number.isInteger(port)) throw new CliExit('wxkit dev: --port must be a number', 2);
      const emulator = await createEmulator({ port, ownProcess: true, ...(o.seed ? { seed: o.seed } : {}) });
      const appUrl = `http://localhost:${o.appPort}/`;
      let child: ReturnType<typeof spawn> | undefined;
      if (o.app) {
        // Its own process group, so stopping dev stops the app and everything its shell started.
        child = spawn(o.app, {
          shell: true,
          detached: true,
          stdio: 'inherit',
          env: { ...process.env, PORT: o.appPort, WXKIT_EMULATOR_HOST: emulator.host },
        });
        child.on('exit', (code) => {
          if (code) io.err(`wxkit dev: the app exited with code ${code}`);
        });
      }
      io.out('');
      io.out(`  WeChat/WeCom emulator   ${emulator.url}   (console: members, workbench, inbox, journal)`);
      if (o.app) io.out(`  your app                ${appUrl}`);
      io.out('');
      io.out('  Open the console, tap the app in the workbench preview, pick a member.');
      io.out(`  Entry link (scan to open ${appUrl}):`);
      io.out(await QRCode.toString(appUrl, { type: 'terminal', small: true }));
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        child?.once('exit', stop);
      });
      if (child?.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {}
      }
      await emulator.close();
    });
}
