/**
 * Turns hub events into notifications: for each event worth telling, one pending delivery per target of the
 * event's owner that chose it, then a notification.deliver job per delivery.
 *   subscription.run completed with new files → ONE media.new per run (count + the ids of the new files);
 *   download.completed of a download that is not a subscription run → media.new with its files;
 *   download.failed (not a subscription run) → download.failed; subscription.run failed → subscription.failed
 *   (with the flag, if the failure streak flagged it); session.expired → session.expired.
 * Every instance hears every event; a dedupe key per (target, source) lets only one delivery be recorded.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '@smh/shared/clock';
import type { Database } from '@smh/shared/db/types';
import type { EventBus, HubEvent } from '@smh/shared/events/events';
import type { Logger } from '@smh/shared/logger';
import type { JobQueue } from '@smh/shared/queue/types';
import {
  insertDelivery,
  isSubscriptionDownload,
  newFilesOfRun,
  subscriptionFacts,
  targetsForEvent,
  type Delivery,
  type NotificationMessage,
  type Target,
} from './repository.js';
import type { NotificationEvent } from './schemas.js';

export interface Notification {
  /** Null for hub-wide events (disk.low): every target that chose the event. */
  ownerId: string | null;
  event: NotificationEvent;
  data: Record<string, unknown>;
  /** Identifies the occurrence (run, download, session) so duplicates collapse. */
  dedupeKey: string;
}

export interface FanoutDeps {
  /** Free space of the data directory; the minimum and how often to look. */
  disk?: { space: () => Promise<DiskSpace>; minFreeBytes: number; checkMs: number };
  db: Database;
  events: EventBus;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
}

/** Records a pending delivery and enqueues its job. Undefined when another instance already recorded it. */
export async function enqueueDelivery(
  deps: Pick<FanoutDeps, 'db' | 'queue' | 'clock'>,
  target: Target,
  message: NotificationMessage,
  dedupeKey: string | null,
): Promise<Delivery | undefined> {
  const delivery = await insertDelivery(deps.db, {
    id: randomUUID(),
    target,
    message,
    dedupeKey,
    now: deps.clock.now(),
  });
  if (delivery) await deps.queue.enqueue('notification.deliver', { deliveryId: delivery.id }, { key: delivery.id });
  return delivery;
}

/** What an event means for notifications, if anything. */
export async function notificationOf(db: Database, event: HubEvent): Promise<Notification | undefined> {
  switch (event.name) {
    case 'subscription.run': {
      const run = event.data;
      if (run.status === 'completed' && (run.newFiles ?? 0) > 0) {
        const fileIds = await newFilesOfRun(db, run.id);
        const facts = await subscriptionFacts(db, run.subscriptionId);
        return {
          ownerId: run.ownerId,
          event: 'media.new',
          dedupeKey: `run:${run.id}`,
          data: {
            source: 'subscription',
            subscriptionId: run.subscriptionId,
            ...(facts ? { username: facts.username } : {}),
            runId: run.id,
            ...(run.downloadId ? { downloadId: run.downloadId } : {}),
            count: fileIds.length || run.newFiles,
            fileIds,
          },
        };
      }
      if (run.status === 'failed') {
        const facts = await subscriptionFacts(db, run.subscriptionId);
        return {
          ownerId: run.ownerId,
          event: 'subscription.failed',
          dedupeKey: `run:${run.id}`,
          data: {
            subscriptionId: run.subscriptionId,
            ...(facts ? { username: facts.username } : {}),
            runId: run.id,
            ...(run.downloadId ? { downloadId: run.downloadId } : {}),
            error: run.error ?? null,
            flagged: Boolean(facts?.flaggedReason),
            flaggedReason: facts?.flaggedReason ?? null,
            pausedReason: facts?.pausedReason ?? null,
          },
        };
      }
      return undefined;
    }
    case 'download.completed': {
      if (event.data.fileIds.length === 0 || (await isSubscriptionDownload(db, event.data.id))) return undefined;
      return {
        ownerId: event.data.ownerId,
        event: 'media.new',
        dedupeKey: `download:${event.data.id}`,
        data: {
          source: 'download',
          downloadId: event.data.id,
          count: event.data.fileIds.length,
          fileIds: event.data.fileIds,
        },
      };
    }
    case 'download.failed': {
      if (await isSubscriptionDownload(db, event.data.id)) return undefined; // told as subscription.failed
      return {
        ownerId: event.data.ownerId,
        event: 'download.failed',
        dedupeKey: `download:${event.data.id}`,
        data: { downloadId: event.data.id, error: `${event.data.error.code}: ${event.data.error.message}` },
      };
    }
    case 'session.expired':
      return {
        ownerId: event.data.ownerId,
        event: 'session.expired',
        dedupeKey: `session:${event.data.id}:${event.data.reason}`,
        data: { sessionId: event.data.id, reason: event.data.reason },
      };
    default:
      return undefined;
  }
}

export interface DiskSpace {
  freeBytes: number;
  totalBytes: number;
}

export interface Fanout {
  /** Checks free disk space now; records disk.low deliveries when it is under the minimum. */
  checkDisk(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
  /** Resolves when the events heard so far are handled (tests). */
  settled(): Promise<void>;
}

export function createFanout(deps: FanoutDeps): Fanout {
  const handling = new Set<Promise<unknown>>();
  let unsubscribe: (() => void) | undefined;

  let diskTimer: NodeJS.Timeout | undefined;

  async function record(notification: Notification): Promise<void> {
    const message: NotificationMessage = {
      event: notification.event,
      occurredAt: deps.clock.now().toISOString(),
      data: notification.data,
    };
    for (const target of await targetsForEvent(deps.db, notification.ownerId, notification.event))
      await enqueueDelivery(deps, target, message, notification.dedupeKey);
  }

  async function handle(event: HubEvent): Promise<void> {
    const notification = await notificationOf(deps.db, event);
    if (notification) await record(notification);
  }

  async function checkDisk(): Promise<void> {
    if (!deps.disk) return;
    const { freeBytes, totalBytes } = await deps.disk.space();
    if (freeBytes >= deps.disk.minFreeBytes) return;
    await record({
      ownerId: null,
      event: 'disk.low',
      // While space stays low: one message per target per day, however many instances check.
      dedupeKey: `disk:${deps.clock.now().toISOString().slice(0, 10)}`,
      data: { freeBytes, totalBytes, minFreeBytes: deps.disk.minFreeBytes },
    });
  }

  function onEvent(event: HubEvent): void {
    const task = handle(event).catch((error: unknown) =>
      deps.logger.error({ err: error, event: event.name }, 'could not record notifications for an event'),
    );
    handling.add(task);
    void task.finally(() => handling.delete(task));
  }

  return {
    checkDisk,
    start() {
      unsubscribe ??= deps.events.subscribe(onEvent);
      const disk = deps.disk;
      if (disk && !diskTimer) {
        const loop = () => {
          void checkDisk()
            .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not check free disk space'))
            .finally(() => {
              if (diskTimer) diskTimer = setTimeout(loop, disk.checkMs).unref();
            });
        };
        diskTimer = setTimeout(loop, 0).unref();
      }
    },
    async stop() {
      clearTimeout(diskTimer);
      diskTimer = undefined;
      unsubscribe?.();
      unsubscribe = undefined;
      await Promise.allSettled([...handling]);
    },
    async settled() {
      while (handling.size > 0) await Promise.allSettled([...handling]);
    },
  };
}
