/**
 * api-gateway: the hub's one public entry point. Authenticates callers, proxies /api/* to the owning service,
 * streams live events, aggregates health and API docs, and serves the web UI.
 */
import type {
  EventBus,
  HubConfig,
  Logger,
  Metrics,
  ServiceApp,
  ServiceClient,
  ServiceLocator,
  TokenService,
} from '@smh/shared';
import { createGatewayApp } from './app.js';
import { createAuthenticator } from './authenticate.js';
import { registerEventStream } from './events-stream.js';
import { registerFrontend } from './frontend.js';
import { DEFAULT_RATE_LIMITS, type RateLimitStore, registerGuard, type RateLimits } from './guard.js';
import { registerOpenApi } from './openapi.js';
import { registerProxy } from './proxy.js';
import { registerSecurity } from './security.js';
import { registerSystemRoutes } from './system.js';

export { DEFAULT_RATE_LIMITS, type RateLimitStore, type RateLimits } from './guard.js';
export { SERVICE_PREFIXES, serviceForPath } from './routing.js';

export interface GatewayOptions {
  config: HubConfig;
  logger: Logger;
  metrics: Metrics;
  tokens: TokenService;
  events: EventBus;
  /** Where the per-address and per-user counters live: Redis in distributed mode; default this process's memory. */
  rateLimitStore?: RateLimitStore;
  /** Calls services' internal routes (API-key verification). */
  call: ServiceClient;
  /** Where each service is: loopback URLs of this process (embedded) or *_SERVICE_URL (distributed). */
  locate: ServiceLocator;
  /** The built web UI; default: frontend/dist of this checkout. */
  frontendDir?: string;
  rateLimits?: RateLimits;
  /** How long a resolved API key is trusted before account-service is asked again (default 30 s). */
  apiKeyCacheMs?: number;
  /** How long a token user's role and status are trusted before account-service is asked again (default 30 s). */
  standingCacheMs?: number;
  /** SSE heartbeat period (default 15 s). */
  heartbeatMs?: number;
}

export async function createGateway(options: GatewayOptions): Promise<ServiceApp> {
  const app = await createGatewayApp({
    trustProxy: options.config.trustProxy,
    logger: options.logger,
    metrics: options.metrics,
    ready: async () => ({}),
    metricsPort: options.config.metricsPort,
    metricsToken: options.config.metricsToken,
  });
  registerSecurity(app, options.config.corsOrigins);
  await registerGuard(app, {
    authenticate: createAuthenticator({
      tokens: options.tokens,
      call: options.call,
      events: options.events,
      apiKeyCacheMs: options.apiKeyCacheMs,
      standingCacheMs: options.standingCacheMs,
    }),
    store: options.rateLimitStore ?? {},
    limits: options.rateLimits ?? DEFAULT_RATE_LIMITS,
  });
  registerSystemRoutes(app, { locate: options.locate });
  registerEventStream(app, { events: options.events, heartbeatMs: options.heartbeatMs });
  await registerOpenApi(app, { locate: options.locate });
  await registerProxy(app, {
    tokens: options.tokens,
    locate: options.locate,
    jsonBodyLimit: 1024 * 1024,
    uploadBodyLimit: options.config.maxUploadBytes,
  });
  await registerFrontend(app, options.frontendDir);
  return app;
}
