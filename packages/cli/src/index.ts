export { CliExit, type CliIO, processIO } from './io.js';
export { createProgram, run } from './main.js';
