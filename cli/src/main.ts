/** Entry point of the `smh` binary (bin/smh.js): the real process streams, Ctrl-C, and the exit code. */
import { runCli } from './program.js';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new Error('interrupted')));

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exitCode = code;
