/** The gateway on its own (distributed mode): finds the services at *_SERVICE_URL, or on their seed ports. */
import {
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
  openRateLimiter,
  startTracing,
} from '@smh/shared';
import { createGateway } from './index.js';

const config = loadConfigOrExit();
const logger = createLogger({ service: 'api-gateway', level: config.logLevel });
const tracing = startTracing({ serviceName: 'api-gateway', endpoint: config.otlpEndpoint });
const tokens = createTokenService(loadSecretKey({ secretKey: config.secretKey, dataDir: config.dataDir }));
const locate = distributedLocator(config);
const events = openEventBus({ redisUrl: config.redisUrl, redisPrefix: config.redisPrefix });
const rateLimiter = openRateLimiter({ redisUrl: config.redisUrl, redisPrefix: config.redisPrefix });
const app = await createGateway({
  config,
  logger,
  metrics: createMetrics('api-gateway'),
  tokens,
  events,
  rateLimiter,
  call: createServiceClient({ caller: 'api-gateway', tokens, locate }),
  locate,
});
const port = listenPort(config, 'api-gateway');
await app.listen({ port, host: config.host });
logger.info({ port }, `api-gateway listening on ${config.host}:${port}`);

exitOnSignals({
  logger,
  deadlineMs: config.shutdownDeadlineMs,
  stop: async () => {
    await app.close();
    await events.close();
    await rateLimiter.close();
    await tracing.shutdown();
  },
});
