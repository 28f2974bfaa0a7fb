import type { CliIO } from '../src/index.js';

/** An io that records what a command printed, for running commands in-process. */
export function capture(env: Record<string, string> = {}, cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), color: false, env, cwd };
  return { io, out, err, text: () => out.join('\n') };
}
