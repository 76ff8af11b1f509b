/** The `smh` command line: `runCli(argv, io)` parses, runs one command and returns the exit code. */
import { Command, CommanderError, Option } from 'commander';
import { registerDownloadCommands } from './commands/downloads.js';
import { registerLibraryCommands } from './commands/library.js';
import { registerSessionCommands } from './commands/sessions.js';
import { registerNotifyCommands } from './commands/notify.js';
import { registerSubscriptionCommands } from './commands/subscriptions.js';
import { DEFAULT_URL } from './config.js';
import type { Io } from './context.js';
import { ApiError, CliError, EXIT } from './errors.js';

export const VERSION = '0.1.0';

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('smh')
    .description('Command line for a Social Media Hub: download, sync, list and fetch files, subscriptions')
    .version(VERSION)
    .addOption(new Option('--url <url>', `the hub's address (env SMH_URL, default ${DEFAULT_URL})`))
    .addOption(new Option('--api-key <key>', 'API key (env SMH_API_KEY; create one under Account → API keys)'))
    .option('--json', 'machine-readable results on stdout (progress stays on stderr)')
    .showHelpAfterError('(run `smh --help` for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  registerDownloadCommands(program, io, setExit);
  registerLibraryCommands(program, io);
  registerSubscriptionCommands(program, io, setExit);
  registerSessionCommands(program, io);
  registerNotifyCommands(program, io);
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  return program;
}

export async function runCli(argv: string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.ok; // --help, --version
      return EXIT.usage; // commander printed the problem already
    }
    if (io.signal?.aborted) {
      io.stderr.write('smh: interrupted; the hub goes on with what was started.\n');
      return EXIT.interrupted;
    }
    if (error instanceof CliError) {
      if (json) {
        const details = error instanceof ApiError && error.details !== undefined ? { details: error.details } : {};
        io.stdout.write(
          `${JSON.stringify({ error: { code: error.code ?? 'ERROR', message: error.message, ...details } })}\n`,
        );
      }
      io.stderr.write(`smh: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`smh: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}
