/** `smh subs ls|add|run|rm`: profiles the hub keeps up to date on a schedule. */
import type { Command } from 'commander';
import { contextFor, type Io } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { table } from '../format.js';
import type { DownloadView, Page, ProfileCheck, Subscription } from '../types.js';
import { followDownloads } from './downloads.js';

const INCLUDE = ['posts', 'reels', 'stories', 'highlights', 'tagged'];

export interface SubscriptionBody {
  target: string;
  schedule: { every: string } | { cron: string };
  sessionId?: string;
  include?: string[];
}

/** The body of POST /api/subscriptions (pure); `--every 6h` unless a cron expression is given. */
export function subscriptionBody(
  target: string,
  options: { every?: string; cron?: string; session?: string; include?: string },
): SubscriptionBody {
  if (options.every && options.cron) throw new CliError('Give either --every or --cron, not both.', EXIT.usage);
  const include = options.include
    ?.split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const unknown = include?.filter((part) => !INCLUDE.includes(part)) ?? [];
  if (unknown.length > 0)
    throw new CliError(`--include takes ${INCLUDE.join(', ')}; not ${unknown.join(', ')}.`, EXIT.usage);
  return {
    target,
    schedule: options.cron ? { cron: options.cron } : { every: options.every ?? '6h' },
    ...(options.session ? { sessionId: options.session } : {}),
    ...(include?.length ? { include } : {}),
  };
}

/** "@natgeo" for an Instagram profile; a site page as its URL. */
export const targetText = (sub: Pick<Subscription, 'target' | 'kind'>): string =>
  sub.kind === 'site' ? sub.target : `@${sub.target}`;

const scheduleText = (schedule: Subscription['schedule']) =>
  schedule.every ? `every ${schedule.every}` : `cron ${schedule.cron ?? '?'}`;

export function registerSubscriptionCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  const subs = program.command('subs').description('subscriptions: profiles synced on a schedule');

  subs
    .command('ls')
    .description('list subscriptions')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextFor(command, io);
      const items: Subscription[] = [];
      let cursor: string | undefined;
      do {
        const page = await ctx.client.json<Page<Subscription>>('GET', '/api/subscriptions', { query: { cursor } });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const rows = items.map((sub) => [
        sub.id,
        targetText(sub),
        scheduleText(sub.schedule),
        sub.state + (sub.pausedReason ? ` (${sub.pausedReason})` : ''),
        sub.nextRunAt ?? '-',
      ]);
      ctx.print(items, items.length ? table([['ID', 'PROFILE', 'SCHEDULE', 'STATE', 'NEXT RUN'], ...rows]) : '');
      if (!ctx.json && items.length === 0) io.stderr.write('no subscriptions\n');
    });

  subs
    .command('add')
    .description('subscribe to a profile, or to a channel, playlist or profile page of another site')
    .argument('<target>', 'Instagram username or profile URL, or the http(s) URL of a page of another site')
    .option('--every <interval>', 'run every interval: a number and s, m, h or d (default 6h)')
    .option('--cron <expression>', 'run on a cron schedule instead, e.g. "0 */6 * * *"')
    .option('--session <id>', 'use this linked Instagram session')
    .option('--include <parts>', `comma-separated: ${INCLUDE.join(', ')}`)
    .action(async (target: string, options: Parameters<typeof subscriptionBody>[1], command: Command) => {
      const ctx = contextFor(command, io);
      const body = subscriptionBody(target, options);
      const created = await ctx.client.json<Subscription & { profileCheck?: ProfileCheck }>(
        'POST',
        '/api/subscriptions',
        { body },
      );
      ctx.print(created, `${created.id}  ${targetText(created)}  ${scheduleText(created.schedule)}  ${created.state}`);
      if (!ctx.json && created.profileCheck?.message) io.stderr.write(`note: ${created.profileCheck.message}\n`);
    });

  subs
    .command('run')
    .description('run a subscription now and wait for its download')
    .argument('<id>', 'subscription id')
    .option('--no-wait', 'print the download id and return at once')
    .action(async (id: string, options: { wait: boolean }, command: Command) => {
      const ctx = contextFor(command, io);
      const { downloadId } = await ctx.client.json<{ downloadId: string }>(
        'POST',
        `/api/subscriptions/${encodeURIComponent(id)}/run`,
      );
      const view = await ctx.client.json<DownloadView>('GET', `/api/downloads/${encodeURIComponent(downloadId)}`);
      setExit((await followDownloads(ctx, [view], options)).exitCode);
    });

  subs
    .command('rm')
    .description('delete a subscription (its files stay in the library)')
    .argument('<id...>', 'subscription ids')
    .action(async (ids: string[], _options: unknown, command: Command) => {
      const ctx = contextFor(command, io);
      for (const id of ids) await ctx.client.json('DELETE', `/api/subscriptions/${encodeURIComponent(id)}`);
      ctx.print({ deleted: ids }, ids.map((id) => `deleted ${id}`).join('\n'));
    });
}
