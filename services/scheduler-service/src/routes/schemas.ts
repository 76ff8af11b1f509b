/**
 * Request and response schemas of /api/subscriptions: they validate requests (naming each bad field), type the
 * handlers and generate the OpenAPI document. Schedule limits come from the service's options, hence a builder.
 */
import { z } from 'zod';
import { includeSchema } from '@smh/shared/contracts/downloads';
import { parseSchedule, ScheduleError, type ScheduleInput, type ScheduleLimits } from '../domain/schedule.js';
import { parseSubscriptionTarget, TargetError } from '../domain/target.js';

const isoDate = z.string().describe('ISO 8601 date-time');

export function buildScheduleSchema(limits: ScheduleLimits) {
  return z
    .object({
      every: z.string().min(1).max(32).optional().describe('Interval: a whole number and a unit s, m, h or d ("6h")'),
      cron: z
        .string()
        .min(1)
        .max(200)
        .optional()
        .describe('Cron expression, 5 fields (or 6 with seconds), e.g. "0 */6 * * *"'),
      timezone: z.string().min(1).max(64).optional().describe('IANA time zone of the cron expression (default UTC)'),
    })
    .strict()
    .superRefine((value, context) => {
      if ((value.every === undefined) === (value.cron === undefined)) {
        context.addIssue({
          code: 'custom',
          message: 'give exactly one of "every" (e.g. "6h") or "cron" (e.g. "0 */6 * * *")',
        });
        return;
      }
      if (value.every !== undefined && value.timezone !== undefined) {
        context.addIssue({
          code: 'custom',
          path: ['timezone'],
          message: 'a time zone only applies to a cron schedule',
        });
        return;
      }
      try {
        parseSchedule(toScheduleInput(value), limits);
      } catch (error) {
        if (!(error instanceof ScheduleError)) throw error;
        context.addIssue({ code: 'custom', path: [error.field.replace(/^schedule\./, '')], message: error.message });
      }
    });
}

/** The stored form: `{every}` or `{cron, timezone?}`. */
export function toScheduleInput(value: { every?: string; cron?: string; timezone?: string }): ScheduleInput {
  if (value.every !== undefined) return { every: value.every.trim().toLowerCase() };
  const cron = (value.cron ?? '').trim();
  return value.timezone ? { cron, timezone: value.timezone } : { cron };
}

export const targetSchema = z
  .string()
  .max(300)
  .describe(
    'Instagram username ("natgeo") or profile URL ("https://www.instagram.com/natgeo/"), or the http(s) URL of a channel, playlist or profile page of another site (read by yt-dlp)',
  )
  .transform((value, context) => {
    try {
      return parseSubscriptionTarget(value);
    } catch (error) {
      if (!(error instanceof TargetError)) throw error;
      context.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
  });

const includeListSchema = z
  .array(includeSchema)
  .min(1, 'include at least one of posts, reels, stories, highlights, tagged')
  .max(5)
  .transform((list) => [...new Set(list)]);

export function buildSubscriptionSchemas(limits: ScheduleLimits) {
  const schedule = buildScheduleSchema(limits);
  const create = z
    .object({
      target: targetSchema,
      include: includeListSchema
        .optional()
        .describe('Instagram only: the parts to sync, default ["posts"]; a site page is synced as a whole'),
      schedule,
      sessionId: z
        .string()
        .uuid({ message: 'must be the id (UUID) of one of your Instagram sessions' })
        .nullable()
        .optional(),
      enabled: z.boolean().default(true),
    })
    .strict();
  const update = z
    .object({
      include: includeListSchema.optional(),
      schedule: schedule.optional(),
      sessionId: z
        .string()
        .uuid({ message: 'must be the id (UUID) of one of your Instagram sessions' })
        .nullable()
        .optional(),
      enabled: z.boolean().optional(),
      resume: z
        .literal(true)
        .optional()
        .describe('Clear a pause (session expired) and the failure flag without other changes'),
    })
    .strict()
    .describe('Any change also resumes a paused subscription and clears its failure flag');
  return { create, update };
}

export const subscriptionResponseSchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  target: z.string().describe('The Instagram username, or the page URL of a site subscription'),
  kind: z.enum(['instagram', 'site']).describe('instagram: a profile; site: a page of another site (yt-dlp)'),
  profileUrl: z.string().describe('The page each run syncs (the Instagram profile or the site page)'),
  include: z.array(includeSchema),
  schedule: z.object({ every: z.string().optional(), cron: z.string().optional(), timezone: z.string().optional() }),
  sessionId: z.string().nullable(),
  enabled: z.boolean(),
  state: z.enum(['active', 'disabled', 'paused']),
  nextRunAt: isoDate.nullable().describe('Null while disabled or paused'),
  lastRunAt: isoDate.nullable(),
  consecutiveFailures: z.number().int(),
  flagged: z.boolean(),
  flaggedReason: z.string().nullable(),
  flaggedAt: isoDate.nullable(),
  pausedReason: z.string().nullable(),
  pausedAt: isoDate.nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

export const createdSubscriptionResponseSchema = subscriptionResponseSchema.extend({
  profileCheck: z
    .object({
      status: z.enum(['found', 'private', 'unchecked']),
      message: z.string().nullable(),
    })
    .describe(
      'What Instagram said about the profile at creation. "unchecked": Instagram could not be asked (rate limit, network); the subscription was kept and its first run will tell.',
    ),
});

export const runResponseSchema = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  status: z.enum(['pending', 'running', 'completed', 'failed', 'skipped']),
  scheduledFor: isoDate.nullable(),
  startedAt: isoDate,
  finishedAt: isoDate.nullable(),
  downloadId: z.string().nullable(),
  newFiles: z.number().int().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});

export const runNowResponseSchema = z.object({ downloadId: z.string(), runId: z.string() });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
