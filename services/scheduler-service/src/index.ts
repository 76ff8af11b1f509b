/**
 * scheduler-service: subscriptions that keep a profile's archive up to date. It owns the `scheduler` schema,
 * serves /api/subscriptions, and runs the scheduler loop that asks download-service for incremental syncs.
 */
import { loadMigrations, migrate } from '@smh/shared/db/index';
import { createServiceApp } from '@smh/shared/http/app';
import type { HubService, ServiceContext, ServiceFactory } from '@smh/shared/runtime';
import { createDownloadClient, type DownloadClient } from './adapters/download-client.js';
import { sessionOwnership, type SessionOwnership } from './adapters/session-owner.js';
import { resolveSchedulerOptions, schedulerOptionsFromEnv, type SchedulerOptions } from './options.js';
import { registerSubscriptionRoutes } from './routes/subscriptions.js';
import { createRunReporter } from './scheduler/reporter.js';
import { createScheduler, type Scheduler } from './scheduler/scheduler.js';

export interface SchedulerService extends HubService {
  scheduler: Scheduler;
  options: SchedulerOptions;
}

export interface SchedulerServiceOverrides extends Partial<SchedulerOptions> {
  /** Replaces the HTTP client of download-service (tests that need no HTTP). */
  downloads?: DownloadClient;
  /** Replaces the session-ownership check against account-service (tests without an account-service). */
  sessions?: SessionOwnership;
}

/** A factory with explicit options (tests); the exported factory reads SMH_SCHEDULER_* from the environment. */
export function schedulerServiceFactory(
  overrides: SchedulerServiceOverrides = {},
): (context: ServiceContext) => Promise<SchedulerService> {
  const { downloads: downloadsOverride, sessions: sessionsOverride, ...optionOverrides } = overrides;
  return async (context) => {
    const { db, queue, events, clock, logger, metrics, tokens, call } = context;
    const options = resolveSchedulerOptions(optionOverrides);
    await migrate(db, 'scheduler-service', await loadMigrations(new URL('../migrations', import.meta.url).pathname));

    const scheduler = createScheduler({
      db,
      events,
      downloads: downloadsOverride ?? createDownloadClient(call),
      reporter: createRunReporter({ events, metrics, logger }),
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
    });

    return {
      name: 'scheduler-service',
      app,
      jobHandlers: {},
      scheduler,
      options,
      start: () => scheduler.start(),
      stop: () => scheduler.stop(),
    };
  };
}

export const createSchedulerService: ServiceFactory = (context) =>
  schedulerServiceFactory(schedulerOptionsFromEnv(process.env))(context);
