/**
 * Notification targets and deliveries: the zod schemas that validate requests (naming each bad field), type the
 * handlers, and generate the OpenAPI document. Each target type takes its own fields; secrets (webhook secret,
 * tokens, passwords) are accepted on create/patch and never answered afterwards.
 */
import { z } from 'zod';

/** Events a target may choose; `test` deliveries (the "send test" button) reach every target. */
export const NOTIFICATION_EVENTS = [
  'media.new',
  'download.failed',
  'subscription.failed',
  'session.expired',
  'disk.low',
] as const;
/** Events about the whole hub, not one user's things: admins only. */
export const ADMIN_EVENTS: readonly NotificationEvent[] = ['disk.low'];
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];
export type DeliveryEvent = NotificationEvent | 'test';

export const TARGET_TYPES = ['webhook', 'ntfy', 'gotify', 'discord', 'slack', 'telegram', 'email'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

const httpUrl = (what: string) =>
  z
    .string()
    .max(2000)
    .url({ message: `must be the ${what} (an http:// or https:// URL)` })
    .refine((value) => /^https?:\/\//i.test(value), { message: `must be the ${what} (an http:// or https:// URL)` })
    .describe(`The ${what}`);

const eventsSchema = z
  .array(z.enum(NOTIFICATION_EVENTS))
  .min(1, `choose at least one of ${NOTIFICATION_EVENTS.join(', ')}`)
  .max(NOTIFICATION_EVENTS.length)
  .transform((list) => [...new Set(list)])
  .describe('Events this target receives (default all; disk.low for admins only)');

const common = {
  name: z.string().trim().min(1).max(100).optional().describe('Label shown in lists (default: the type and host)'),
  events: eventsSchema.optional(),
};

/** Per type: the fields stored in `config`, which of them are secret. */
export const targetConfigSchemas = {
  webhook: z.object({ url: httpUrl('address to POST the JSON event to') }).strict(),
  ntfy: z
    .object({
      url: httpUrl('topic URL, e.g. https://ntfy.sh/my-topic'),
      token: z.string().min(1).max(500).optional().describe('Access token (secret)'),
    })
    .strict(),
  gotify: z
    .object({
      url: httpUrl('Gotify server URL'),
      token: z.string().min(1).max(500).describe('Application token (secret)'),
    })
    .strict(),
  discord: z.object({ url: httpUrl('Discord webhook URL (secret)') }).strict(),
  slack: z.object({ url: httpUrl('Slack incoming-webhook URL (secret)') }).strict(),
  telegram: z
    .object({
      botToken: z.string().min(1).max(200).describe('Bot token from @BotFather (secret)'),
      chatId: z.union([z.string().min(1).max(100), z.number().int()]).transform(String),
      apiUrl: httpUrl('Telegram Bot API base URL').default('https://api.telegram.org'),
    })
    .strict(),
  email: z
    .object({
      host: z.string().min(1).max(255).describe('SMTP server'),
      port: z.number().int().min(1).max(65535).default(587),
      secure: z.boolean().default(false).describe('TLS from the start (port 465); otherwise STARTTLS when offered'),
      username: z.string().min(1).max(255).optional(),
      password: z.string().min(1).max(500).optional().describe('(secret)'),
      from: z.string().email({ message: 'must be an e-mail address' }),
      to: z.string().email({ message: 'must be an e-mail address' }),
    })
    .strict(),
} as const satisfies Record<TargetType, z.ZodType>;

export type TargetConfig<T extends TargetType = TargetType> = z.infer<(typeof targetConfigSchemas)[T]>;

/** Config fields never answered by the API. Discord and Slack webhook URLs carry their credential in the path. */
export const SECRET_FIELDS: Record<TargetType, readonly string[]> = {
  webhook: [],
  ntfy: ['token'],
  gotify: ['token'],
  discord: ['url'],
  slack: ['url'],
  telegram: ['botToken'],
  email: ['password'],
};

/** Fields whose URL the hub connects to (checked by the SSRF guard). */
export function urlsToGuard(type: TargetType, config: Record<string, unknown>): string[] {
  if (type === 'email') return [];
  if (type === 'telegram') return [String(config.apiUrl)];
  return [String(config.url)];
}

const createVariant = <T extends TargetType>(type: T) =>
  z
    .object({ type: z.literal(type), ...common })
    .extend(targetConfigSchemas[type].shape)
    .strict();

export const createTargetSchema = z.discriminatedUnion('type', [
  createVariant('webhook'),
  createVariant('ntfy'),
  createVariant('gotify'),
  createVariant('discord'),
  createVariant('slack'),
  createVariant('telegram'),
  createVariant('email'),
]);
export type CreateTargetBody = z.infer<typeof createTargetSchema>;

/** Any of the type's fields; merged into the stored config and validated again with the type's schema. */
export const updateTargetSchema = z
  .object({
    ...common,
    url: z.string().optional(),
    token: z.string().optional(),
    botToken: z.string().optional(),
    chatId: z.union([z.string(), z.number()]).optional(),
    apiUrl: z.string().optional(),
    host: z.string().optional(),
    port: z.number().optional(),
    secure: z.boolean().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
  })
  .strict()
  .describe("Change the name, the events or any of the type's fields");

const isoDate = z.string().describe('ISO 8601 date-time');

export const targetResponseSchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  type: z.enum(TARGET_TYPES),
  name: z.string(),
  events: z.array(z.enum(NOTIFICATION_EVENTS)),
  url: z.string().optional().describe('Where messages go (not for discord/slack, whose URL is the secret)'),
  settings: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .describe("The type's other non-secret fields (chatId, apiUrl, host, port, from, to…)"),
  hasSecret: z.boolean().describe('A secret (signing secret, token, password, secret URL) is stored; never shown'),
  createdAt: isoDate,
  updatedAt: isoDate,
});

export const createdTargetResponseSchema = targetResponseSchema.extend({
  secret: z
    .string()
    .optional()
    .describe('Webhooks: the HMAC-SHA256 signing secret. Shown in this answer only; store it now.'),
});

export const deliveryResponseSchema = z.object({
  id: z.string(),
  targetId: z.string(),
  event: z.enum([...NOTIFICATION_EVENTS, 'test']),
  status: z.enum(['pending', 'delivered', 'failed']),
  httpStatus: z.number().int().optional().describe('Status of the last answer (HTTP targets)'),
  attempts: z.number().int(),
  lastError: z.string().optional(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

export const deliveriesQuerySchema = z.object({
  targetId: z.string().uuid({ message: 'must be a target id (UUID)' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});

export const testResponseSchema = z.object({ deliveryId: z.string(), status: z.literal('pending') });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
