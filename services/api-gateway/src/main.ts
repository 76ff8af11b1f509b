/** The gateway on its own (distributed mode): finds the services at *_SERVICE_URL, or on their seed ports. */
import {
  DEFAULT_GATEWAY_METRICS_PORT,
  createLogger,
  createMetrics,
  createServiceClient,
  createTokenService,
  distributedLocator,
  exitOnSignals,
  listenPort,
  loadConfigOrExit,
  loadSecretKey,
  openEventBus,
  startMetricsEndpoint,
  startTracing,
} from '@smh/shared';
import { Redis } from 'ioredis';
import { createGateway } from './index.js';

const loaded = loadConfigOrExit();
// Prometheus scrapes the gateway on a port of its own, never on the public one.
const config = { ...loaded, metricsPort: loaded.metricsPort ?? DEFAULT_GATEWAY_METRICS_PORT };
const logger = createLogger({ service: 'api-gateway', level: config.logLevel });
const tracing = startTracing({ serviceName: 'api-gateway', endpoint: config.otlpEndpoint });
const tokens = createTokenService(loadSecretKey({ secretKey: config.secretKey, dataDir: config.dataDir }));
const locate = distributedLocator(config);
const events = openEventBus({ redisUrl: config.redisUrl, redisPrefix: config.redisPrefix });
// Every gateway counts requests in the same Redis (a limit holds however many replicas answer).
const rateLimitRedis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }) : undefined;
rateLimitRedis?.on('error', (error) => logger.warn({ err: error }, 'rate-limit Redis connection error'));
const metrics = createMetrics('api-gateway');
const app = await createGateway({
  config,
  logger,
  metrics,
  tokens,
  events,
  rateLimitStore: { redis: rateLimitRedis, nameSpace: `${config.redisPrefix}:ratelimit:gateway:` },
  call: createServiceClient({ caller: 'api-gateway', tokens, locate }),
  locate,
});
const port = listenPort(config, 'api-gateway');
await app.listen({ port, host: config.host });
const metricsEndpoint = await startMetricsEndpoint({
  metrics,
  port: config.metricsPort,
  host: config.host,
  token: config.metricsToken,
});
logger.info(
  { port, metricsPort: metricsEndpoint.port },
  `api-gateway listening on ${config.host}:${port} (metrics on port ${metricsEndpoint.port})`,
);

exitOnSignals({
  logger,
  deadlineMs: config.shutdownDeadlineMs,
  stop: async () => {
    await app.close();
    await metricsEndpoint.close();
    await events.close();
    await rateLimitRedis?.quit();
    await tracing.shutdown();
  },
});
