export { runCli, buildProgram } from './program.js';
export type { Io } from './context.js';
export { EXIT } from './errors.js';
