/** Domain rows → the JSON users see. */
import type { InternalProfileLookup, InternalSiteProbe } from '@smh/shared/contracts/downloads';
import { AppError } from '@smh/shared/http/errors';
import type { z } from 'zod';
import { subscriptionUrl } from '../domain/target.js';
import type { Run, Subscription } from '../domain/types.js';
import type { createdSubscriptionResponseSchema, runResponseSchema, subscriptionResponseSchema } from './schemas.js';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function presentSubscription(subscription: Subscription): z.infer<typeof subscriptionResponseSchema> {
  const state = subscription.pausedReason ? 'paused' : subscription.enabled ? 'active' : 'disabled';
  return {
    id: subscription.id,
    ownerId: subscription.ownerId,
    target: subscription.sourceUrl ?? subscription.username,
    kind: subscription.sourceUrl === null ? 'instagram' : 'site',
    profileUrl: subscriptionUrl(subscription),
    include: subscription.include,
    schedule: subscription.schedule,
    sessionId: subscription.sessionId,
    enabled: subscription.enabled,
    state,
    nextRunAt: state === 'active' ? subscription.nextRunAt.toISOString() : null,
    lastRunAt: iso(subscription.lastRunAt),
    consecutiveFailures: subscription.consecutiveFailures,
    flagged: subscription.flaggedReason !== null,
    flaggedReason: subscription.flaggedReason,
    flaggedAt: iso(subscription.flaggedAt),
    pausedReason: subscription.pausedReason,
    pausedAt: iso(subscription.pausedAt),
    createdAt: subscription.createdAt.toISOString(),
    updatedAt: subscription.updatedAt.toISOString(),
  };
}

export function presentRun(run: Run): z.infer<typeof runResponseSchema> {
  return {
    id: run.id,
    subscriptionId: run.subscriptionId,
    trigger: run.trigger,
    status: run.status,
    scheduledFor: iso(run.scheduledFor),
    startedAt: run.startedAt.toISOString(),
    finishedAt: iso(run.finishedAt),
    downloadId: run.downloadId,
    newFiles: run.newFiles,
    error: run.errorCode ? { code: run.errorCode, message: run.errorMessage ?? '' } : null,
  };
}

type ProfileCheck = z.infer<typeof createdSubscriptionResponseSchema>['profileCheck'];

/** What the creation answer says about the profile (a `not_found` never gets here: it is refused). */
export function presentProfileCheck(lookup: InternalProfileLookup): ProfileCheck {
  if (lookup.status === 'found') return { status: 'found', message: null };
  if (lookup.status === 'private')
    return {
      status: 'private',
      message: `@${lookup.username} is private: only a session of an account that follows it can sync it.`,
    };
  return {
    status: 'unchecked',
    message: `Instagram could not be asked whether @${lookup.username} exists${lookup.message ? ` (${lookup.message})` : ''}; the subscription was kept and its first run will tell.`,
  };
}

/** What yt-dlp's probe said about a site page; a page it refuses (no media, not a page) is a 422. */
export function siteProfileCheck(probe: InternalSiteProbe): ProfileCheck {
  if (probe.status === 'found') return { status: 'found', message: null };
  if (probe.status === 'refused')
    throw new AppError(
      422,
      probe.code ?? 'UNSUPPORTED_SITE',
      probe.message ?? `Nothing to subscribe to on ${probe.site}.`,
    );
  return {
    status: 'unchecked',
    message: `The page on ${probe.site} could not be checked${probe.message ? ` (${probe.message})` : ''}; the subscription was kept and its first run will tell.`,
  };
}

export function profileNotFound(username: string, withSession: boolean): AppError {
  const hint = withSession
    ? ''
    : ' If it is only shown to signed-in accounts, choose an Instagram session and try again.';
  // No details: the UI would append them to a message that already says it all.
  return new AppError(422, 'PROFILE_NOT_FOUND', `Instagram has no profile @${username}: check the spelling.${hint}`);
}
