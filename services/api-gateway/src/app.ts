/**
 * The gateway's own fastify app: the same request ids, error bodies, metrics and /health /ready /metrics as
 * createServiceApp, but identity comes from the caller's credential, never from a header a client could send.
 */
import { AppError, createBaseApp, type Logger, type Metrics, type ServiceApp } from '@smh/shared';

export async function createGatewayApp(options: {
  /** TRUST_PROXY: the proxies (nginx, an ingress) whose X-Forwarded-For is believed; none by default. */
  trustProxy: readonly string[];
  logger: Logger;
  metrics: Metrics;
  ready: () => Promise<Record<string, unknown>>;
  /** The metrics port (METRICS_PORT): when set, the public port has no /metrics. */
  metricsPort?: number;
  /** METRICS_TOKEN: without a metrics port, the public /metrics answers only this bearer token. */
  metricsToken?: string;
}): Promise<ServiceApp> {
  // Public /metrics only behind a token, and never when metrics have a port of their own.
  const publicMetrics = options.metricsPort === undefined && options.metricsToken !== undefined;
  const app = createBaseApp({
    service: 'api-gateway',
    logger: options.logger,
    metrics: options.metrics,
    // Only the configured proxies may say who the client is: anyone else's X-Forwarded-For is ignored.
    trustProxy: options.trustProxy.length > 0 ? [...options.trustProxy] : false,
    return503OnClosing: true,
    metricsRoute: publicMetrics ? { token: options.metricsToken } : false,
  });
  // Without it the web UI's fallback would answer /metrics with its page.
  if (!publicMetrics)
    app.get('/metrics', { schema: { hide: true } }, async () => {
      throw new AppError(404, 'NOT_FOUND', 'Metrics are not served on this port (see METRICS_PORT).');
    });
  // The not-found handler is the web UI's (frontend.ts): JSON 404s for /api, the SPA's index.html for pages.
  app.get('/ready', { schema: { hide: true } }, async () => ({
    status: 'ok',
    service: 'api-gateway',
    ...(await options.ready()),
  }));
  return app;
}
