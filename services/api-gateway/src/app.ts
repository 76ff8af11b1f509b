/**
 * The gateway's own fastify app: the same request ids, error bodies, metrics and /health /ready /metrics as
 * createServiceApp, but identity comes from the caller's credential, never from a header a client could send.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { otelContext, redactUrl, REQUEST_ID_HEADER, sendError, SpanStatusCode, startServerSpan, type Logger, type Metrics, type ServiceApp } from '@smh/shared';

export async function createGatewayApp(options: { logger: Logger; metrics: Metrics; ready: () => Promise<Record<string, unknown>> }): Promise<ServiceApp> {
  const app = Fastify({
    loggerInstance: options.logger,
    genReqId: (req) => {
      const incoming = req.headers[REQUEST_ID_HEADER];
      return typeof incoming === 'string' && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    },
    requestIdLogLabel: 'requestId',
    bodyLimit: 1024 * 1024,
    disableRequestLogging: true,
    // Only proxies on this host or a private network (nginx, an ingress) may say who the client is.
    trustProxy: ['loopback', 'uniquelocal', 'linklocal'],
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('identity', null);
  app.decorateRequest('callerService', null);

  // Tracing first, as a callback hook: the rest of the request (the proxy call upstream included) runs in its span.
  const spans = new WeakMap<object, ReturnType<typeof startServerSpan>['span']>();
  app.addHook('onRequest', (request, _reply, done) => {
    const { span, context } = startServerSpan('api-gateway', `${request.method} ${request.routeOptions.url ?? 'unmatched'}`, request.headers);
    span.setAttribute('http.request_id', String(request.id));
    span.setAttribute('url.path', request.url.split('?')[0] ?? '');
    spans.set(request, span);
    otelContext.with(context, done);
  });
  app.addHook('onResponse', async (request, reply) => {
    const span = spans.get(request);
    if (!span) return;
    span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    options.metrics.httpRequests.inc(labels);
    options.metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    if (route !== '/health' && route !== '/metrics' && route !== '/ready') {
      request.log.info({ method: request.method, url: redactUrl(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime), userId: request.identity?.userId }, 'request');
    }
  });
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  // The not-found handler is the web UI's (frontend.ts): JSON 404s for /api, the SPA's index.html for pages.

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok', service: 'api-gateway' }));
  app.get('/ready', { schema: { hide: true } }, async () => ({ status: 'ok', service: 'api-gateway', ...(await options.ready()) }));
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', options.metrics.registry.contentType);
    return options.metrics.registry.metrics();
  });
  return app as unknown as ServiceApp;
}
