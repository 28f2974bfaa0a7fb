export { createProgram, run } from './main.js';
export { CliExit, type CliIO, processIO } from './io.js';
