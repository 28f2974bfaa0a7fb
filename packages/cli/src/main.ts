import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { CliExit, type CliIO, processIO } from './io.js';

export function createProgram(io: CliIO): Command {
  const program = new Command('wxkit')
    .description('wxkit: build, run and test H5 apps for WeCom and WeChat Official Accounts')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();
  for (const register of commands) register(program, io);
  return program;
}

/** Runs the CLI with `args` (no node/script prefix) and resolves to the exit code. */
export async function run(args: string[], io: CliIO = processIO()): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync(args, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliExit) {
      io.err(error.message);
      return error.exitCode;
    }
    io.err(`wxkit: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
