/** Where a command writes; injected so tests run commands in-process and read what they printed. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when colours and progress output are wanted (stdout is a TTY and NO_COLOR is unset). */
  readonly color: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export function processIO(): CliIO {
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    color: Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'],
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Thrown by a command to end with a message and an exit code (1 = a problem found, 2 = bad usage). */
export class CliExit extends Error {
  override name = 'CliExit';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
