/** What creating or editing a subscription changes. Pure: the clock and ids come in as arguments. */
import type { Include } from '@smh/shared/contracts/downloads';
import {
  jitterMs,
  parseStoredSchedule,
  planNextRun,
  typicalIntervalMs,
  type JitterPolicy,
  type ScheduleInput,
} from './schedule.js';
import type { Subscription, SubscriptionChanges } from './types.js';

/** What a user chooses when subscribing; the rest of a Subscription is derived. */
export type NewSubscriptionInput = Pick<
  Subscription,
  'id' | 'ownerId' | 'username' | 'sourceUrl' | 'include' | 'schedule' | 'sessionId' | 'enabled'
>;

/** A new subscription runs first right away (plus its jitter), so the archive catches up, then on schedule. */
export function buildSubscription(input: NewSubscriptionInput, now: Date, jitter: JitterPolicy): Subscription {
  const interval = typicalIntervalMs(parseStoredSchedule(input.schedule), now);
  return {
    ...input,
    nextRunAt: new Date(now.getTime() + jitterMs(input.id, interval, jitter)),
    lastRunAt: null,
    consecutiveFailures: 0,
    flaggedAt: null,
    flaggedReason: null,
    pausedAt: null,
    pausedReason: null,
    createdAt: now,
    updatedAt: now,
  };
}

export interface SubscriptionEdit {
  include?: Include[];
  schedule?: ScheduleInput;
  sessionId?: string | null;
  enabled?: boolean;
  resume?: true;
}

/**
 * Any edit resumes: it clears a pause (the user renewed the session or chose to go on) and the failure streak
 * and flag. A new schedule takes effect from now.
 */
export function planEdit(
  subscription: Subscription,
  edit: SubscriptionEdit,
  now: Date,
  jitter: JitterPolicy,
): SubscriptionChanges {
  return {
    include: edit.include,
    sessionId: edit.sessionId,
    enabled: edit.enabled,
    ...(edit.schedule
      ? {
          schedule: edit.schedule,
          nextRunAt: planNextRun({
            schedule: parseStoredSchedule(edit.schedule),
            subscriptionId: subscription.id,
            now,
            consecutiveFailures: 0,
            maxBackoffMs: 0,
            jitter,
          }),
        }
      : {}),
    pausedReason: null,
    pausedAt: null,
    consecutiveFailures: 0,
    flaggedReason: null,
    flaggedAt: null,
  };
}

export function isEmptyEdit(edit: SubscriptionEdit): boolean {
  return Object.values(edit).every((value) => value === undefined);
}
