/** `smh download <url>…` and `smh sync <username>`: start downloads, follow them, report each outcome. */
import type { Command } from 'commander';
import { type CommandContext, contextFor, type Io } from '../context.js';
import { ApiError, CliError, EXIT } from '../errors.js';
import { downloadLabel, progressSummary } from '../format.js';
import { createReporter } from '../progress.js';
import type { DownloadView } from '../types.js';
import { watchDownloads } from '../watch.js';

export interface DownloadRequest {
  url: string;
  sessionId?: string;
  full?: boolean;
}

/** The body of POST /api/downloads (pure): `full` and `sessionId` only when asked for. */
export function downloadBody(url: string, options: { session?: string; full?: boolean }): DownloadRequest {
  return {
    url,
    ...(options.session ? { sessionId: options.session } : {}),
    ...(options.full ? { full: true } : {}),
  };
}

/** A username, "@name" or a profile URL as a profile URL (pure). */
export function profileUrl(target: string): string {
  if (/^https?:\/\//i.test(target)) return target;
  return `https://www.instagram.com/${target.replace(/^@/, '')}/`;
}

type Refused = { url: string; error: { code: string; message: string; details?: unknown } };
type Result = DownloadView | Refused;

/** Starts one download per URL (a refusal does not stop the others), waits unless told not to, prints outcomes. */
export async function runDownloads(
  ctx: CommandContext,
  requests: DownloadRequest[],
  options: { wait: boolean },
): Promise<{ exitCode: number; results: Result[] }> {
  const results: Result[] = [];
  for (const request of requests) {
    try {
      results.push(await ctx.client.json<DownloadView>('POST', '/api/downloads', { body: request }));
    } catch (error) {
      if (!(error instanceof ApiError) || error.exitCode !== EXIT.failed) throw error;
      const { code = 'REFUSED', message, details } = error;
      results.push({ url: request.url, error: { code, message, ...(details === undefined ? {} : { details }) } });
      ctx.io.stderr.write(`smh: ${request.url}: ${error.message}\n`);
    }
  }
  return followDownloads(ctx, results, options);
}

/** Waits for the started downloads (unless told not to) and prints one outcome per result. */
export async function followDownloads(
  ctx: CommandContext,
  results: Result[],
  options: { wait: boolean },
): Promise<{ exitCode: number; results: Result[] }> {
  const started = results.filter((result): result is DownloadView => 'id' in result);
  const finals =
    options.wait && started.length > 0
      ? await watchDownloads(ctx.client, started, createReporter(ctx.io.stderr), {
          signal: ctx.io.signal,
          pollMs: ctx.io.pollMs,
        })
      : started;
  const byId = new Map(finals.map((view) => [view.id, view]));
  const final = results.map((result) => ('id' in result ? (byId.get(result.id) ?? result) : result));

  let failed = final.length - started.length;
  const lines: string[] = [];
  for (const view of final) {
    if (!('id' in view)) continue;
    const label = downloadLabel(view.url);
    if (!options.wait) lines.push(`${view.id}  ${view.status}  ${label}`);
    else if (view.status === 'completed') {
      lines.push(`${label}: completed · ${progressSummary(view.progress)} · download ${view.id}`);
      for (const warning of view.warnings ?? []) ctx.io.stderr.write(`smh: ${label}: warning: ${warning.message}\n`);
    } else {
      failed += 1;
      const reason = view.status === 'failed' ? `failed: ${view.error?.message ?? 'no reason given'}` : view.status;
      ctx.io.stderr.write(`smh: ${label}: ${reason} (download ${view.id})\n`);
    }
  }
  ctx.print(final, lines.join('\n'));
  return { exitCode: failed > 0 ? EXIT.failed : EXIT.ok, results: final };
}

export function registerDownloadCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('download')
    .description('download Instagram URLs (profile, post, reel, story, highlight) or direct media links')
    .argument('<url...>', 'URLs to download; a profile may also be written @username')
    .option('--session <id>', 'use this linked Instagram session (see `smh sessions ls`)')
    .option('--full', 'rescan a profile completely instead of syncing only what is new')
    .option('--no-wait', 'print the download ids and return at once')
    .action(async (urls: string[], options: { session?: string; full?: boolean; wait: boolean }, command: Command) => {
      const ctx = contextFor(command, io);
      const requests = urls.map((url) => downloadBody(url, options));
      setExit((await runDownloads(ctx, requests, { wait: options.wait })).exitCode);
    });

  program
    .command('sync')
    .description("bring a profile's archive up to date (only new posts are fetched) and wait for it")
    .argument('<username>', 'Instagram username, @username or profile URL')
    .option('--session <id>', 'use this linked Instagram session')
    .option('--no-wait', 'print the download id and return at once')
    .action(async (username: string, options: { session?: string; wait: boolean }, command: Command) => {
      const ctx = contextFor(command, io);
      if (!/^(@?[\w.]{1,30}|https?:\/\/\S+)$/.test(username))
        throw new CliError(`"${username}" is not an Instagram username.`, EXIT.usage);
      const { exitCode } = await runDownloads(ctx, [downloadBody(profileUrl(username), options)], {
        wait: options.wait,
      });
      setExit(exitCode);
    });
}
