/** What every command gets: the hub client, the output mode and the process's streams (passed in, for tests). */
import type { Command } from 'commander';
import { createHubClient, type FetchLike, type HubClient } from './client.js';
import { resolveConnection } from './config.js';
import type { TextSink } from './progress.js';

export interface Io {
  stdout: TextSink;
  stderr: TextSink;
  env: Record<string, string | undefined>;
  cwd: string;
  fetch?: FetchLike;
  /** Aborted on Ctrl-C: waits stop, the hub keeps working. */
  signal?: AbortSignal;
  /** How often waits poll the hub (ms); tests shorten it. */
  pollMs?: number;
}

export interface GlobalOptions {
  url?: string;
  apiKey?: string;
  json?: boolean;
}

export interface CommandContext {
  io: Io;
  json: boolean;
  client: HubClient;
  /** Prints a result: JSON on stdout with --json, else the human text (if any). */
  print(data: unknown, human?: string): void;
}

export function contextFor(command: Command, io: Io): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const client = createHubClient(resolveConnection(options, io.env), io.fetch);
  const json = options.json === true;
  return {
    io,
    json,
    client,
    print(data, human) {
      if (json) io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      else if (human !== undefined && human !== '') io.stdout.write(`${human}\n`);
    },
  };
}
