import type { Include } from '@smh/shared/contracts/downloads';
import type { ScheduleInput } from './schedule.js';

export interface Subscription {
  id: string;
  ownerId: string;
  /** The Instagram username; for a site subscription, its page URL (the key that keeps subscriptions unique). */
  username: string;
  /** The page of another site this subscription follows (yt-dlp), or null for an Instagram profile. */
  sourceUrl: string | null;
  include: Include[];
  schedule: ScheduleInput;
  sessionId: string | null;
  enabled: boolean;
  nextRunAt: Date;
  lastRunAt: Date | null;
  consecutiveFailures: number;
  flaggedAt: Date | null;
  flaggedReason: string | null;
  pausedAt: Date | null;
  pausedReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The columns a service may change; undefined leaves a column alone, null clears it. */
export type SubscriptionChanges = Partial<
  Pick<
    Subscription,
    | 'include'
    | 'schedule'
    | 'sessionId'
    | 'enabled'
    | 'nextRunAt'
    | 'consecutiveFailures'
    | 'flaggedAt'
    | 'flaggedReason'
    | 'pausedAt'
    | 'pausedReason'
    | 'lastRunAt'
  >
>;

export type RunTrigger = 'schedule' | 'manual';
export type RunStatus = 'pending' | 'running' | 'completed' | 'failed' | 'skipped';

export interface Run {
  id: string;
  subscriptionId: string;
  ownerId: string;
  trigger: RunTrigger;
  scheduledFor: Date | null;
  status: RunStatus;
  downloadId: string | null;
  newFiles: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  dispatchAttempts: number;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface RunError {
  code: string;
  message: string;
}
