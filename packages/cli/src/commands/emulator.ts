import { createEmulator } from '@wxkit/emulator';
import type { Command } from 'commander';
import { CliExit, type CliIO } from '../io.js';

export function register(program: Command, io: CliIO): void {
  program
    .command('emulator')
    .description('run the WeChat/WeCom emulator (API, authorize page, JS-SDK bridge, console)')
    .option('--port <port>', 'port to listen on', '4100')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--seed <file>', 'a YAML seed (default: the shipped demo corp and survey app)')
    .option('--persist <file>', 'keep changes made through the API in this JSON file')
    .action(async (o: { port: string; host: string; seed?: string; persist?: string }) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliExit(`wxkit emulator: --port must be 0-65535`, 2);
      const emulator = await createEmulator({
        ownProcess: true,
        port,
        host: o.host,
        ...(o.seed ? { seed: o.seed } : {}),
        ...(o.persist ? { persist: o.persist } : {}),
      });
      io.out(`wxkit emulator on ${emulator.url}  (console: ${emulator.url}/)`);
      io.out(`point your app at it with WXKIT_EMULATOR_HOST=${emulator.host}`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await emulator.close();
    });
}
