import path from 'node:path';
import { createTokenService, loadSecretKey, type TokenService } from './auth/index.js';
import { systemClock, type Clock } from './clock.js';
import {
  BACKEND_SERVICES,
  ConfigError,
  listenPort,
  loadConfig,
  SERVICE_PORTS,
  type BackendServiceName,
  type HubConfig,
} from './config.js';
import { openDatabase, type Database } from './db/index.js';
import { openEventBus, type EventBus } from './events/index.js';
import { exitOnSignals } from './shutdown.js';
import {
  createServiceClient,
  failoverLocator,
  type ServiceApp,
  type ServiceClient,
  type ServiceLocator,
} from './http/index.js';
import { createLogger, type LogDestination, type Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import {
  assertHandlers,
  jobDefinitions,
  openQueue,
  type JobHandlers,
  type JobName,
  type JobOutcomeListener,
  type JobRecoveryListener,
  type JobQueue,
} from './queue/index.js';
import { openRateLimiter, type RateLimiter } from './ratelimit.js';
import { createLocalStorage, secureDataDir, type MediaStorage } from './storage/index.js';
import { startTracing } from './tracing.js';

/** The adapters a process opens once and hands to the services it runs. */
export interface Infrastructure {
  config: HubConfig;
  db: Database;
  queue: JobQueue;
  events: EventBus;
  storage: MediaStorage;
  rateLimiter: RateLimiter;
  tokens: TokenService;
  secret: string;
  clock: Clock;
  close(): Promise<void>;
}

/** Everything a service factory may ask for. A service takes only the handful it needs. */
export interface ServiceContext extends Omit<Infrastructure, 'close'> {
  logger: Logger;
  metrics: Metrics;
  /** Calls another service's HTTP API. */
  call: ServiceClient;
}

/** What a service package exports: its app, its job handlers, and what to do once it is listening. */
export interface HubService {
  name: BackendServiceName;
  app: ServiceApp;
  jobHandlers: JobHandlers;
  /** Worker concurrency per queue for this service. */
  concurrency?: Partial<Record<string, number>>;
  /** Runs after migrations and once the queue works: re-enqueue unfinished work, start timers. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export type ServiceFactory = (context: ServiceContext) => Promise<HubService>;

const TEMPORARY_FILE_MAX_AGE_MS = 3 * 24 * 3600 * 1000;

export async function openInfrastructure(
  config: HubConfig,
  options: { onJobOutcome?: JobOutcomeListener; logger?: Logger } = {},
): Promise<Infrastructure> {
  secureDataDir(config.dataDir);
  const secret = loadSecretKey({ secretKey: config.secretKey, dataDir: config.dataDir });
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const queue = await openQueue({
    redisUrl: config.redisUrl,
    redisPrefix: config.redisPrefix,
    db,
    onOutcome: options.onJobOutcome,
    onRecovered: options.logger ? logRecoveredJob(options.logger) : undefined,
    lockMs: config.queueLockMs,
  });
  const events = openEventBus({ redisUrl: config.redisUrl, redisPrefix: config.redisPrefix });
  const storage = await createLocalStorage(path.join(config.dataDir, 'media'));
  await storage.sweepTemporary(TEMPORARY_FILE_MAX_AGE_MS);
  const rateLimiter = openRateLimiter({ redisUrl: config.redisUrl, redisPrefix: config.redisPrefix });
  return {
    config,
    db,
    queue,
    events,
    storage,
    rateLimiter,
    tokens: createTokenService(secret),
    secret,
    clock: systemClock,
    async close() {
      await queue.close();
      await events.close();
      await rateLimiter.close();
      await db.close();
    },
  };
}

/** One info line per job that runs again after its worker was lost or the process restarted. */
export function logRecoveredJob(logger: Logger): JobRecoveryListener {
  return ({ queue, name, jobId, reason, payload }) => {
    const ids = Object.fromEntries(
      Object.entries(payload).filter(([key, value]) => key.endsWith('Id') && typeof value === 'string'),
    );
    const what = reason === 'restart' ? 'unfinished at restart' : 'its worker was lost';
    logger.info({ queue, job: name, queueJobId: jobId, ...ids, reason }, `job ${name} runs again: ${what}`);
  };
}

export function serviceContext(
  infrastructure: Infrastructure,
  service: string,
  locate: ServiceLocator,
  logger: Logger,
  logDestination?: LogDestination,
): ServiceContext {
  const { close: _close, ...adapters } = infrastructure;
  return {
    ...adapters,
    logger: createLogger({ service, level: logger.level, destination: logDestination }),
    metrics: createMetrics(service),
    call: createServiceClient({ caller: service, tokens: infrastructure.tokens, locate }),
  };
}

/**
 * In distributed mode each service is found at its *_SERVICE_URL (one address, or several that take turns and
 * stand in for each other when one refuses connections), else on its seed port on this host.
 */
export function distributedLocator(config: HubConfig): ServiceLocator {
  return failoverLocator((service) => config.serviceUrls[service] ?? [`http://127.0.0.1:${SERVICE_PORTS[service]}`]);
}

/** Routes job outcomes to the metrics of the service that owns the job. */
export function jobOutcomeRouter(): {
  listener: JobOutcomeListener;
  register(service: BackendServiceName, metrics: Metrics): void;
} {
  const byService = new Map<BackendServiceName, Metrics>();
  return {
    listener: (event) => byService.get(jobDefinitions[event.name as JobName]?.owner)?.onJobOutcome(event),
    register: (service, metrics) => byService.set(service, metrics),
  };
}

/** Loads the configuration or exits with one line per bad variable. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): HubConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Runs one service as its own process (distributed mode), on PORT or its seed port. */
export async function runStandalone(name: BackendServiceName, factory: ServiceFactory): Promise<void> {
  try {
    await startStandalone(name, factory);
  } catch (error) {
    process.stderr.write(`${name} could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

async function startStandalone(name: BackendServiceName, factory: ServiceFactory): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ service: name, level: config.logLevel });
  const tracing = startTracing({ serviceName: name, endpoint: config.otlpEndpoint });
  const outcomes = jobOutcomeRouter();
  const infrastructure = await openInfrastructure(config, { onJobOutcome: outcomes.listener, logger });
  const context = serviceContext(infrastructure, name, distributedLocator(config), logger);
  outcomes.register(name, context.metrics);
  const service = await factory(context);
  assertHandlers([name], [{ service: name, handlers: service.jobHandlers }]);
  const port = listenPort(config, name);
  await service.app.listen({ port, host: config.host });
  await infrastructure.queue.work(service.jobHandlers, { concurrency: service.concurrency });
  await service.start?.();
  logger.info({ port }, `${name} listening on ${config.host}:${port}`);
  exitOnSignals({
    logger,
    deadlineMs: config.shutdownDeadlineMs,
    stop: async () => {
      await service.app.close();
      await service.stop?.();
      await infrastructure.close();
      await tracing.shutdown();
    },
  });
}

export { BACKEND_SERVICES };
