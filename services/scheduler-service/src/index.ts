/**
 * scheduler-service: subscriptions that keep a profile's archive up to date. It owns the `scheduler` schema,
 * serves /api/subscriptions, and runs the scheduler loop that asks download-service for incremental syncs.
 */
import fs from 'node:fs/promises';
import { loadMigrations, migrate } from '@smh/shared/db/index';
import { createServiceApp } from '@smh/shared/http/app';
import type { Resolver } from '@smh/shared/net/egress-guard';
import type { HubService, ServiceContext, ServiceFactory } from '@smh/shared/runtime';
import { createDownloadClient, type DownloadClient } from './adapters/download-client.js';
import { findSubscription } from './adapters/subscriptions-repository.js';
import { sessionOwnership, type SessionOwnership } from './adapters/session-owner.js';
import { resolveSchedulerOptions, schedulerOptionsFromEnv, type SchedulerOptions } from './options.js';
import { createDeliverHandler, DEFAULT_RATE_LIMIT, type RateLimit } from './notifications/deliver.js';
import { createFanout, type DiskSpace, type Fanout } from './notifications/fanout.js';
import { registerNotificationRoutes } from './notifications/routes.js';
import { createTransport } from './notifications/transport.js';
import { registerSubscriptionRoutes } from './routes/subscriptions.js';
import { createRunReporter } from './scheduler/reporter.js';
import { createScheduler, type Scheduler } from './scheduler/scheduler.js';

export interface SchedulerService extends HubService {
  scheduler: Scheduler;
  notifications: Fanout;
  options: SchedulerOptions;
}

export interface SchedulerServiceOverrides extends Partial<SchedulerOptions> {
  /** Replaces the HTTP client of download-service (tests that need no HTTP). */
  downloads?: DownloadClient;
  /** Notification delivery: SSRF policy (default: the hub's SMH_ALLOW_PRIVATE_URLS), DNS, per-target rate limit. */
  notifications?: {
    allowPrivateUrls?: boolean;
    resolver?: Resolver;
    rateLimit?: RateLimit;
    timeoutMs?: number;
    /** Free space of the data directory (tests); default: statfs of SMH_DATA_DIR. */
    diskSpace?: () => Promise<DiskSpace>;
  };
  /** Replaces the session-ownership check against account-service (tests without an account-service). */
  sessions?: SessionOwnership;
}

/** A factory with explicit options (tests); the exported factory reads SMH_SCHEDULER_* from the environment. */
export function schedulerServiceFactory(
  overrides: SchedulerServiceOverrides = {},
): (context: ServiceContext) => Promise<SchedulerService> {
  const {
    downloads: downloadsOverride,
    sessions: sessionsOverride,
    notifications: notifyOverrides = {},
    ...optionOverrides
  } = overrides;
  return async (context) => {
    const { db, queue, events, clock, logger, metrics, tokens, call, rateLimiter } = context;
    const allowPrivateUrls = notifyOverrides.allowPrivateUrls ?? context.config.allowPrivateUrls;
    const options = resolveSchedulerOptions(optionOverrides);
    await migrate(db, 'scheduler-service', await loadMigrations(new URL('../migrations', import.meta.url).pathname));

    const downloads = downloadsOverride ?? createDownloadClient(call);
    const scheduler = createScheduler({
      db,
      events,
      downloads,
      reporter: createRunReporter({
        events,
        metrics,
        logger,
        targetOf: async (id) => (await findSubscription(db, id, null))?.username,
      }),
      clock,
      options,
      logger,
    });
    const app = await createServiceApp({
      service: 'scheduler-service',
      logger,
      metrics,
      tokens,
      readiness: [
        { name: 'database', check: () => db.ping() },
        { name: 'queue', check: () => queue.ping() },
      ],
      openapi: { title: 'scheduler-service', description: 'Subscriptions that keep Instagram archives up to date' },
    });
    registerSubscriptionRoutes(app, {
      db,
      clock,
      scheduler,
      options,
      sessions: sessionsOverride ?? sessionOwnership(call),
      profiles: downloads,
    });
    registerNotificationRoutes(app, { db, queue, clock, allowPrivateUrls, resolver: notifyOverrides.resolver });
    const notifications = createFanout({
      db,
      events,
      queue,
      clock,
      logger,
      disk: {
        space: notifyOverrides.diskSpace ?? (() => dataDirSpace(context.config.dataDir)),
        minFreeBytes: options.diskFreeMinBytes,
        checkMs: options.diskCheckMs,
      },
    });
    const deliver = createDeliverHandler({
      db,
      queue,
      rateLimiter,
      clock,
      logger,
      rateLimit: notifyOverrides.rateLimit ?? DEFAULT_RATE_LIMIT,
      transport: createTransport({
        allowPrivateUrls,
        resolver: notifyOverrides.resolver,
        timeoutMs: notifyOverrides.timeoutMs,
      }),
    });

    return {
      name: 'scheduler-service',
      app,
      jobHandlers: { 'notification.deliver': deliver },
      concurrency: { notifications: 4 },
      scheduler,
      notifications,
      options,
      async start() {
        notifications.start();
        await scheduler.start();
      },
      async stop() {
        await scheduler.stop();
        await notifications.stop();
      },
    };
  };
}

export const createSchedulerService: ServiceFactory = (context) =>
  schedulerServiceFactory(schedulerOptionsFromEnv(process.env))(context);

async function dataDirSpace(dataDir: string): Promise<DiskSpace> {
  const stats = await fs.statfs(dataDir);
  return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
}
