import { msg, t } from '../../i18n/index.ts';
import type { IncludeOption, Schedule, Subscription, SubscriptionInput, SubscriptionPatch } from '../../api/types.ts';
import { validateCron, validateEvery, validateSubscriptionTarget, type FieldErrors } from '../../lib/validation.ts';

export interface SubscriptionFormValues {
  target: string;
  include: IncludeOption[];
  scheduleKind: 'every' | 'cron';
  every: string;
  cron: string;
  sessionId: string;
  enabled: boolean;
}

export type SubscriptionField = 'target' | 'include' | 'every' | 'cron';

export const NEW_SUBSCRIPTION: SubscriptionFormValues = {
  target: '',
  include: ['posts', 'reels'],
  scheduleKind: 'every',
  every: '6h',
  cron: '0 */6 * * *',
  sessionId: '',
  enabled: true,
};

export function formFromSubscription(subscription: Subscription): SubscriptionFormValues {
  const schedule = subscription.schedule;
  return {
    target: subscription.target,
    include: subscription.include ?? [],
    scheduleKind: schedule.cron ? 'cron' : 'every',
    every: schedule.every ?? NEW_SUBSCRIPTION.every,
    cron: schedule.cron ?? NEW_SUBSCRIPTION.cron,
    sessionId: subscription.sessionId ?? '',
    enabled: subscription.enabled,
  };
}

export type BuiltSubscription =
  | { ok: true; input: SubscriptionInput }
  | { ok: false; errors: FieldErrors<SubscriptionField> };

const INSTAGRAM_HOST = /(^|\.)(instagram\.com|instagr\.am)$/i;

/** An http(s) link to a page of another site (a channel, playlist or profile): synced whole through yt-dlp. */
export function isSitePage(target: string): boolean {
  const text = target.trim();
  if (!/^https?:\/\//i.test(text)) return false;
  try {
    return !INSTAGRAM_HOST.test(new URL(text).hostname);
  } catch {
    return false;
  }
}

/** What a card calls a subscription: "natgeo", or a site page's host and path ("tube.example.org/c/fish"). */
export function subscriptionLabel(subscription: Pick<Subscription, 'target' | 'kind'>): string {
  if (subscription.kind !== 'site') return subscription.target;
  try {
    const url = new URL(subscription.target);
    return `${url.hostname}${url.pathname.replace(/\/+$/, '')}${url.search}`;
  } catch {
    return subscription.target;
  }
}

export function buildSubscriptionInput(values: SubscriptionFormValues): BuiltSubscription {
  const site = isSitePage(values.target);
  const errors: FieldErrors<SubscriptionField> = {
    target: validateSubscriptionTarget(values.target),
    include: !site && values.include.length === 0 ? t('Choose at least one kind of content.') : undefined,
    every: values.scheduleKind === 'every' ? validateEvery(values.every) : undefined,
    cron: values.scheduleKind === 'cron' ? validateCron(values.cron) : undefined,
  };
  if (Object.values(errors).some(Boolean)) return { ok: false, errors };
  const schedule: Schedule =
    values.scheduleKind === 'every'
      ? { every: values.every.trim().replace(/\s+/g, '') }
      : { cron: values.cron.trim().replace(/\s+/g, ' ') };
  // Include and session are Instagram's: a site page is synced whole, and the hub refuses them for it.
  const input: SubscriptionInput = {
    target: values.target.trim().replace(/^@/, ''),
    ...(site ? {} : { include: values.include }),
    schedule,
    enabled: values.enabled,
  };
  if (values.sessionId && !site) input.sessionId = values.sessionId;
  return { ok: true, input };
}

/** An edit: everything but the target (which the hub does not let change); no session means `null`. */
export function toSubscriptionPatch(input: SubscriptionInput): SubscriptionPatch {
  const patch: SubscriptionPatch = { schedule: input.schedule };
  if (!isSitePage(input.target)) patch.sessionId = input.sessionId ?? null;
  if (input.include) patch.include = input.include;
  if (input.enabled !== undefined) patch.enabled = input.enabled;
  return patch;
}

/** Counted keys: t(key, { count }) → "Every minute" / "Every 30 minutes" (the locale's plural forms). */
const EVERY_UNIT: Record<string, string> = {
  s: msg('Every {{count}} seconds'),
  m: msg('Every {{count}} minutes'),
  h: msg('Every {{count}} hours'),
  d: msg('Every {{count}} days'),
};

export function describeSchedule(schedule: Schedule): string {
  if (schedule.cron)
    return schedule.timezone
      ? t('Cron: {{cron}} ({{timezone}})', { cron: schedule.cron, timezone: schedule.timezone })
      : t('Cron: {{cron}}', { cron: schedule.cron });
  const every = schedule.every ?? '';
  const match = /^(\d+)\s*([smhd])$/.exec(every.trim());
  const key = match?.[2] === undefined ? undefined : EVERY_UNIT[match[2]];
  if (!match || !key) return every ? t('Every {{every}}', { every }) : t('No schedule');
  return t(key, { count: Number(match[1]) });
}
