/** `smh ls`, `smh get` and `smh merge`: the library, its files' bytes, and joining videos. */
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Command } from 'commander';
import type { HubClient } from '../client.js';
import { type CommandContext, contextFor, type Io } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { formatBytes, table } from '../format.js';
import type { FileView, Page, VideoJob } from '../types.js';
import { FINISHED } from '../watch.js';

const FILE_TYPES = ['image', 'video', 'audio'];
const PAGE_SIZE = 100;

/** A stored file's name made safe to create in a directory (pure). */
export function safeFileName(name: string, fallback: string): string {
  const base = [...path.basename(name.replace(/\\/g, '/'))]
    .map((char) => (char.charCodeAt(0) < 32 || '<>:"|?*'.includes(char) ? '_' : char))
    .join('');
  return base && base !== '.' && base !== '..' ? base : fallback;
}

async function listFiles(
  client: HubClient,
  filter: { username?: string; platform?: string; type?: string; search?: string },
  limit: number,
): Promise<FileView[]> {
  const files: FileView[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.json<Page<FileView>>('GET', '/api/files', {
      query: {
        username: filter.username?.replace(/^@/, ''),
        platform: filter.platform,
        type: filter.type,
        q: filter.search,
        limit: Math.min(PAGE_SIZE, limit - files.length),
        cursor,
      },
    });
    files.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && files.length < limit);
  return files.slice(0, limit);
}

/** Streams a file's content to `target` through a temporary name, so a failed transfer leaves nothing half-written. */
async function saveContent(client: HubClient, fileId: string, target: string, signal?: AbortSignal): Promise<number> {
  const response = await client.raw(`/api/files/${encodeURIComponent(fileId)}/content`, { signal });
  if (!response.body) throw new CliError(`The hub sent no content for file ${fileId}.`);
  const partial = `${target}.smh-part`;
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(partial));
    await fs.rename(partial, target);
  } catch (error) {
    await fs.rm(partial, { force: true });
    throw error;
  }
  return (await fs.stat(target)).size;
}

async function getFiles(ctx: CommandContext, ids: string[], dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const saved: { id: string; name: string; path: string; size: number }[] = [];
  for (const id of ids) {
    const { file } = await ctx.client.json<{ file: FileView }>('GET', `/api/files/${encodeURIComponent(id)}`);
    const target = path.join(dir, safeFileName(file.name, id));
    const size = await saveContent(ctx.client, id, target, ctx.io.signal);
    saved.push({ id, name: file.name, path: target, size });
    if (!ctx.json) ctx.io.stdout.write(`${target}  ${formatBytes(size)}\n`);
  }
  if (ctx.json) ctx.print(saved);
}

async function waitForJob(ctx: CommandContext, job: VideoJob): Promise<VideoJob> {
  let current = job;
  let shown = -1;
  while (!FINISHED.has(current.status)) {
    if (ctx.io.signal?.aborted) throw ctx.io.signal.reason;
    await new Promise((resolve) => setTimeout(resolve, ctx.io.pollMs ?? 500));
    current = await ctx.client.json<VideoJob>('GET', `/api/videos/jobs/${encodeURIComponent(job.id)}`);
    const percent = Math.floor(current.progress * 100);
    if (percent !== shown && !FINISHED.has(current.status)) {
      shown = percent;
      ctx.io.stderr.write(
        ctx.io.stderr.isTTY
          ? `\r${current.operation}: ${percent}%`
          : `${current.operation}: ${current.status} ${percent}%\n`,
      );
    }
  }
  if (ctx.io.stderr.isTTY && shown >= 0) ctx.io.stderr.write('\n');
  return current;
}

async function merge(ctx: CommandContext, ids: string[], output: string | undefined): Promise<void> {
  if (ids.length < 2) throw new CliError('merge needs at least two file ids.', EXIT.usage);
  const job = await ctx.client.json<VideoJob>('POST', '/api/videos/jobs', {
    body: { operation: 'merge', inputs: ids },
  });
  const done = await waitForJob(ctx, job);
  if (done.status !== 'completed')
    throw new CliError(`merge ${done.status}: ${done.error?.message ?? 'no reason given'} (job ${done.id})`);
  const outputFileId = done.outputFileIds[0];
  if (!outputFileId) throw new CliError(`merge completed without an output file (job ${done.id}).`);
  let savedTo: string | undefined;
  if (output) {
    savedTo = path.resolve(ctx.io.cwd, output);
    await fs.mkdir(path.dirname(savedTo), { recursive: true });
    await saveContent(ctx.client, outputFileId, savedTo, ctx.io.signal);
  }
  ctx.print(
    { jobId: done.id, fileId: outputFileId, ...(savedTo ? { path: savedTo } : {}) },
    savedTo ? `${savedTo}  (file ${outputFileId})` : `merged into file ${outputFileId}`,
  );
}

export function registerLibraryCommands(program: Command, io: Io): void {
  program
    .command('ls')
    .description('list files of the library, newest first')
    .option('--username <name>', 'only files of this account (Instagram username, or uploader on another site)')
    .option('--platform <name>', 'only files from this platform: instagram, direct, or a yt-dlp site (youtube, vimeo…)')
    .option('--type <type>', `only this kind of file: ${FILE_TYPES.join(', ')}`)
    .option('--search <text>', 'full-text search in names, captions and usernames')
    .option('--limit <n>', 'at most this many files', '100')
    .action(
      async (
        options: { username?: string; platform?: string; type?: string; search?: string; limit: string },
        command: Command,
      ) => {
        const ctx = contextFor(command, io);
        if (options.type && !FILE_TYPES.includes(options.type))
          throw new CliError(`--type must be one of ${FILE_TYPES.join(', ')}, got "${options.type}".`, EXIT.usage);
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new CliError('--limit must be a positive whole number.', EXIT.usage);
        const files = await listFiles(ctx.client, options, limit);
        const rows = files.map((file) => [
          file.id,
          file.type,
          formatBytes(file.size),
          file.source?.username ? `@${file.source.username}` : '-',
          file.name,
        ]);
        ctx.print(files, files.length === 0 ? '' : table([['ID', 'TYPE', 'SIZE', 'ACCOUNT', 'NAME'], ...rows]));
        if (!ctx.json && files.length === 0) io.stderr.write('no files match\n');
      },
    );

  program
    .command('get')
    .description("save files' content under their names")
    .argument('<fileId...>', 'ids from `smh ls`')
    .option('-o, --output <dir>', 'directory to save into', '.')
    .action(async (ids: string[], options: { output: string }, command: Command) => {
      const ctx = contextFor(command, io);
      await getFiles(ctx, ids, path.resolve(io.cwd, options.output));
    });

  program
    .command('merge')
    .description('join videos, in the order given, into one new video of the library')
    .argument('<fileId...>', 'two or more video ids')
    .option('-o, --output <file>', 'also save the merged video to this file')
    .action(async (ids: string[], options: { output?: string }, command: Command) => {
      await merge(contextFor(command, io), ids, options.output);
    });
}
