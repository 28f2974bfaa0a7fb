import type { Command } from 'commander';
import type { CliIO } from '../io.js';

/** Each command file exports one `register(program, io)`; add yours to this list (one line, keep it sorted). */
export type RegisterCommand = (program: Command, io: CliIO) => void;

export const commands: RegisterCommand[] = [];
