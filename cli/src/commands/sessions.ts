/** `smh sessions add|ls|rm`: Instagram sessions the hub downloads with (cookies stored encrypted by the hub). */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { contextFor, type Io } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { table } from '../format.js';
import type { InstagramSession } from '../types.js';

const describe = (session: InstagramSession) =>
  `${session.id}  ${session.username ? `@${session.username}` : '(unknown account)'}  ${session.status}${
    session.statusReason ? ` (${session.statusReason})` : ''
  }`;

export function registerSessionCommands(program: Command, io: Io): void {
  const sessions = program.command('sessions').description('Instagram sessions (logged-in cookies)');

  sessions
    .command('add')
    .description('link an Instagram session from a cookies.txt file exported by the browser')
    .requiredOption('--cookies <file>', 'Netscape cookies.txt with the instagram.com cookies')
    .action(async (options: { cookies: string }, command: Command) => {
      const ctx = contextFor(command, io);
      const file = path.resolve(io.cwd, options.cookies);
      const cookies = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new CliError(`Cannot read the cookies file ${file}: ${error.code ?? error.message}.`, EXIT.usage);
      });
      const created = await ctx.client.json<InstagramSession>('POST', '/api/instagram/sessions', { body: { cookies } });
      ctx.print(created, describe(created));
    });

  sessions
    .command('ls')
    .description('list linked sessions')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextFor(command, io);
      const answer = await ctx.client.json<InstagramSession[] | { items: InstagramSession[] }>(
        'GET',
        '/api/instagram/sessions',
      );
      const items = Array.isArray(answer) ? answer : answer.items;
      const rows = items.map((session) => [
        session.id,
        session.username ? `@${session.username}` : '-',
        session.status + (session.statusReason ? ` (${session.statusReason})` : ''),
      ]);
      ctx.print(items, items.length ? table([['ID', 'ACCOUNT', 'STATUS'], ...rows]) : '');
      if (!ctx.json && items.length === 0) io.stderr.write('no sessions\n');
    });

  sessions
    .command('rm')
    .description('unlink sessions')
    .argument('<id...>', 'session ids')
    .action(async (ids: string[], _options: unknown, command: Command) => {
      const ctx = contextFor(command, io);
      for (const id of ids) await ctx.client.json('DELETE', `/api/instagram/sessions/${encodeURIComponent(id)}`);
      ctx.print({ deleted: ids }, ids.map((id) => `unlinked ${id}`).join('\n'));
    });
}
