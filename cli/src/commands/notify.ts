/** `smh notify ls|add|test|rm|log`: where the hub tells you about new media and failures (webhooks, push, e-mail). */
import type { Command } from 'commander';
import { contextFor, type Io } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { table } from '../format.js';
import type { NotificationDelivery, NotificationTarget } from '../types.js';

const TYPES = ['webhook', 'ntfy', 'gotify', 'discord', 'slack', 'telegram', 'email'] as const;

interface AddOptions {
  endpoint?: string;
  name?: string;
  events?: string;
  token?: string;
  botToken?: string;
  chatId?: string;
  host?: string;
  port?: string;
  secure?: boolean;
  username?: string;
  password?: string;
  from?: string;
  to?: string;
}

/** The request body of `notify add <type>` (pure): each type takes its own fields, as the API names them. */
export function targetBody(type: string, options: AddOptions): Record<string, unknown> {
  if (!(TYPES as readonly string[]).includes(type))
    throw new CliError(`Unknown target type "${type}": use one of ${TYPES.join(', ')}.`, EXIT.usage);
  const body: Record<string, unknown> = { type };
  if (options.name) body.name = options.name;
  if (options.events)
    body.events = options.events
      .split(',')
      .map((event) => event.trim())
      .filter(Boolean);
  const need = (value: string | undefined, flag: string) => {
    if (!value) throw new CliError(`A ${type} target needs ${flag}.`, EXIT.usage);
    return value;
  };
  switch (type) {
    case 'telegram':
      body.botToken = need(options.botToken, '--bot-token');
      body.chatId = need(options.chatId, '--chat-id');
      if (options.endpoint) body.apiUrl = options.endpoint;
      break;
    case 'email':
      body.host = need(options.host, '--host');
      body.port = Number(need(options.port, '--port'));
      if (!Number.isInteger(body.port)) throw new CliError('--port must be a number.', EXIT.usage);
      if (options.secure) body.secure = true;
      if (options.username) body.username = options.username;
      if (options.password) body.password = options.password;
      body.from = need(options.from, '--from');
      body.to = need(options.to, '--to');
      break;
    default:
      body.url = need(options.endpoint, '--endpoint');
      if (options.token) body.token = options.token;
  }
  return body;
}

export function registerNotifyCommands(program: Command, io: Io): void {
  const notify = program.command('notify').description('notification targets: webhooks, push services, e-mail');

  notify
    .command('ls')
    .description('list notification targets')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextFor(command, io);
      const { items } = await ctx.client.json<{ items: NotificationTarget[] }>('GET', '/api/notifications/targets');
      const rows = items.map((target) => [
        target.id,
        target.type,
        target.name ?? '-',
        target.url ?? '-',
        target.events.join(','),
      ]);
      ctx.print(items, items.length ? table([['ID', 'TYPE', 'NAME', 'URL', 'EVENTS'], ...rows]) : '');
      if (!ctx.json && items.length === 0) io.stderr.write('no notification targets\n');
    });

  notify
    .command('add')
    .description(`add a target: ${TYPES.join(' | ')}`)
    .argument('<type>', 'target type')
    .option('--endpoint <url>', 'webhook / ntfy topic / Gotify / Discord / Slack URL (Telegram: API base)')
    .option('--name <name>', 'a name to tell targets apart')
    .option('--events <list>', 'comma-separated: media.new,download.failed,subscription.failed,session.expired')
    .option('--token <token>', 'ntfy or Gotify token')
    .option('--bot-token <token>', 'Telegram bot token')
    .option('--chat-id <id>', 'Telegram chat id')
    .option('--host <host>', 'SMTP host')
    .option('--port <port>', 'SMTP port')
    .option('--secure', 'SMTP over TLS')
    .option('--username <user>', 'SMTP user')
    .option('--password <password>', 'SMTP password')
    .option('--from <address>', 'e-mail sender')
    .option('--to <address>', 'e-mail recipient')
    .action(async (type: string, options: AddOptions, command: Command) => {
      const ctx = contextFor(command, io);
      const created = await ctx.client.json<NotificationTarget>('POST', '/api/notifications/targets', {
        body: targetBody(type, options),
      });
      const lines = [`added ${created.type} target ${created.id}`];
      if (created.secret) lines.push(`signing secret (shown only now): ${created.secret}`);
      ctx.print(created, lines.join('\n'));
    });

  notify
    .command('test')
    .description('send a test notification to a target and wait for its delivery')
    .argument('<id>', 'target id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const ctx = contextFor(command, io);
      const { deliveryId } = await ctx.client.json<{ deliveryId: string }>(
        'POST',
        `/api/notifications/targets/${encodeURIComponent(id)}/test`,
      );
      let delivery: NotificationDelivery | undefined;
      for (let waited = 0; waited < 30_000; waited += 500) {
        const { items } = await ctx.client.json<{ items: NotificationDelivery[] }>(
          'GET',
          `/api/notifications/deliveries?targetId=${encodeURIComponent(id)}&limit=20`,
        );
        delivery = items.find((item) => item.id === deliveryId);
        if (delivery && delivery.status !== 'pending') break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      if (!delivery || delivery.status === 'pending') {
        ctx.print(delivery ?? { deliveryId, status: 'pending' }, `test ${deliveryId} still pending (retries continue)`);
        return;
      }
      const status = delivery.httpStatus ? ` (HTTP ${delivery.httpStatus})` : '';
      ctx.print(delivery, `test ${delivery.status}${status}${delivery.lastError ? `: ${delivery.lastError}` : ''}`);
      if (delivery.status === 'failed') throw new CliError(`The test notification failed${status}.`, EXIT.failed);
    });

  notify
    .command('rm')
    .description('remove targets')
    .argument('<id...>', 'target ids')
    .action(async (ids: string[], _options: unknown, command: Command) => {
      const ctx = contextFor(command, io);
      for (const id of ids) await ctx.client.json('DELETE', `/api/notifications/targets/${encodeURIComponent(id)}`);
      ctx.print({ deleted: ids }, ids.map((id) => `removed ${id}`).join('\n'));
    });
}
