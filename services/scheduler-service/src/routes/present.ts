/** Domain rows → the JSON users see. */
import type { z } from 'zod';
import { profileUrl } from '../domain/target.js';
import type { Run, Subscription } from '../domain/types.js';
import type { runResponseSchema, subscriptionResponseSchema } from './schemas.js';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function presentSubscription(subscription: Subscription): z.infer<typeof subscriptionResponseSchema> {
  const state = subscription.pausedReason ? 'paused' : subscription.enabled ? 'active' : 'disabled';
  return {
    id: subscription.id,
    ownerId: subscription.ownerId,
    target: subscription.username,
    profileUrl: profileUrl(subscription.username),
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
