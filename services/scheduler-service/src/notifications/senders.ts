/**
 * What each target type is sent, as data: an HTTP request (webhook, ntfy, Gotify, Discord, Slack, Telegram) or
 * an e-mail. Pure builders: tests compare them as data, and the delivery handler sends them.
 */
import type { NotificationMessage } from './repository.js';
import type { TargetConfig, TargetType } from './schemas.js';
import { signWebhook } from './signature.js';

export interface HttpRequestSpec {
  kind: 'http';
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface EmailSpec {
  kind: 'email';
  transport: { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } };
  mail: { from: string; to: string; subject: string; text: string };
}

export type SendSpec = HttpRequestSpec | EmailSpec;

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** A one-line title and a short text for push services and e-mail. */
export function describe(message: NotificationMessage): { title: string; text: string } {
  const data = message.data as Record<string, string | number | string[] | undefined>;
  // A site subscription's key is its page URL, shown as it is; an Instagram username gets its "@".
  const who = data.username ? ` from ${/^https?:\/\//.test(String(data.username)) ? '' : '@'}${data.username}` : '';
  switch (message.event) {
    case 'media.new':
      return {
        title: `${plural(Number(data.count ?? 0), 'new file')}${who}`,
        text: `Social Media Hub archived ${plural(Number(data.count ?? 0), 'new file')}${who}.`,
      };
    case 'download.failed':
      return {
        title: 'Download failed',
        text: `The download ${data.url ?? data.downloadId} failed: ${data.error ?? 'unknown error'}`,
      };
    case 'subscription.failed':
      return {
        title: `Subscription${who} ${data.flagged ? 'flagged' : 'failed'}`,
        text: `The subscription${who} ${data.flagged ? `was flagged: ${data.flaggedReason}` : `failed: ${data.error ?? 'unknown error'}`}`,
      };
    case 'session.expired':
      return {
        title: 'Instagram session expired',
        text: `An Instagram session expired or hit a checkpoint (${data.reason ?? 'no reason given'}); sign in again.`,
      };
    case 'disk.low':
      return {
        title: 'Disk space low',
        text: `The hub's data directory has ${Math.round(Number(data.freeBytes) / 1024 ** 2)} MB free (less than ${Math.round(Number(data.minFreeBytes) / 1024 ** 2)} MB); new downloads may fail.`,
      };
    case 'test':
      return { title: 'Test notification', text: 'This is a test notification from Social Media Hub.' };
  }
}

const json = (value: unknown) => JSON.stringify(value);
const jsonHeaders = { 'content-type': 'application/json' };
const trimSlash = (url: string) => url.replace(/\/+$/, '');

export function buildSend(
  type: TargetType,
  config: Record<string, unknown>,
  secret: string | null,
  message: NotificationMessage,
  timestamp: number,
): SendSpec {
  const { title, text } = describe(message);
  switch (type) {
    case 'webhook': {
      const body = json(message);
      return {
        kind: 'http',
        method: 'POST',
        url: String(config.url),
        headers: {
          ...jsonHeaders,
          'user-agent': 'SocialMediaHub-Webhook/1',
          'x-smh-event': message.event,
          'x-smh-timestamp': String(timestamp),
          'x-smh-signature': signWebhook(secret ?? '', timestamp, body),
        },
        body,
      };
    }
    case 'ntfy': {
      const c = config as TargetConfig<'ntfy'>;
      return {
        kind: 'http',
        method: 'POST',
        url: c.url,
        headers: {
          'content-type': 'text/plain; charset=utf-8',
          // ntfy reads the title from a header, which must be ASCII.
          title: title.replace(/[^\x20-\x7e]/g, '?'),
          tags: message.event,
          ...(c.token ? { authorization: `Bearer ${c.token}` } : {}),
        },
        body: text,
      };
    }
    case 'gotify': {
      const c = config as TargetConfig<'gotify'>;
      return {
        kind: 'http',
        method: 'POST',
        url: `${trimSlash(c.url)}/message`,
        headers: { ...jsonHeaders, 'x-gotify-key': c.token },
        body: json({ title, message: text, priority: message.event === 'media.new' ? 4 : 7 }),
      };
    }
    case 'discord':
      return {
        kind: 'http',
        method: 'POST',
        url: String(config.url),
        headers: jsonHeaders,
        body: json({ content: `**${title}**\n${text}`.slice(0, 2000) }),
      };
    case 'slack':
      return {
        kind: 'http',
        method: 'POST',
        url: String(config.url),
        headers: jsonHeaders,
        body: json({ text: `*${title}*\n${text}` }),
      };
    case 'telegram': {
      const c = config as TargetConfig<'telegram'>;
      return {
        kind: 'http',
        method: 'POST',
        url: `${trimSlash(c.apiUrl)}/bot${c.botToken}/sendMessage`,
        headers: jsonHeaders,
        body: json({ chat_id: c.chatId, text: `${title}\n${text}`.slice(0, 4096), disable_web_page_preview: true }),
      };
    }
    case 'email': {
      const c = config as TargetConfig<'email'>;
      return {
        kind: 'email',
        transport: {
          host: c.host,
          port: c.port,
          secure: c.secure,
          ...(c.username ? { auth: { user: c.username, pass: c.password ?? '' } } : {}),
        },
        mail: {
          from: c.from,
          to: c.to,
          subject: `[Social Media Hub] ${title}`,
          text: `${text}\n\nEvent: ${message.event}\nAt: ${message.occurredAt}\n\n${JSON.stringify(message.data, null, 2)}\n`,
        },
      };
    }
  }
}
