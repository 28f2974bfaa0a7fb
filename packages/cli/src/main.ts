import { isWxApiError, isWxConfigError, isWxHttpError } from '@wxkit/core';
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { CliExit, type CliIO, processIO } from './io.js';
import { VERSION } from './version.js';

export function createProgram(io: CliIO): Command {
  const program = new Command('wxkit')
    .description('wxkit: build, run and test H5 apps for WeCom and WeChat Official Accounts')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();
  for (const register of commands) register(program, io);
  for (const command of allCommands(program)) command.exitOverride();
  return program;
}

function* allCommands(command: Command): Generator<Command> {
  for (const sub of command.commands) {
    yield sub;
    yield* allCommands(sub);
  }
}

/** What ended a command: its exit code and the message for stderr (1 = a problem found, 2 = bad usage). */
function outcome(error: unknown): { exitCode: number; message: string } {
  if (error instanceof CommanderError)
    return { exitCode: error.exitCode === 0 ? 0 : 2, message: error.message.replace(/^error: /, '') };
  if (error instanceof CliExit) return { exitCode: error.exitCode, message: error.message };
  if (isWxConfigError(error)) return { exitCode: 2, message: `wxkit: ${error.message}` };
  if (isWxApiError(error) || isWxHttpError(error)) return { exitCode: 1, message: `wxkit: ${error.message}` };
  return { exitCode: 1, message: `wxkit: ${error instanceof Error ? error.message : String(error)}` };
}

/**
 * Runs the CLI with `args` (no node/script prefix) and resolves to the exit code. With --json, stdout always
 * carries one JSON document: the command's, or `{"ok":false,"error":…}` when it ended before printing one.
 */
export async function run(args: string[], io: CliIO = processIO()): Promise<number> {
  let printed = false;
  const tracked: CliIO = {
    ...io,
    env: io.env,
    out: (text) => {
      printed = true;
      io.out(text);
    },
    err: (text) => io.err(text),
  };
  const json = args.includes('--json');
  const program = createProgram(tracked);
  try {
    await program.parseAsync(args, { from: 'user' });
    return 0;
  } catch (error) {
    const { exitCode, message } = outcome(error);
    if (exitCode === 0) return 0;
    // Commander has already printed its own usage error.
    if (message && !(error instanceof CommanderError)) io.err(message);
    if (json && !printed) io.out(JSON.stringify({ ok: false, exitCode, error: message }));
    return exitCode;
  }
}
