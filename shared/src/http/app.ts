import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import {
  CLIENT_ADDRESS_HEADER,
  IDENTITY_HEADER,
  REQUEST_ID_HEADER,
  SERVICE_TOKEN_HEADER,
  type Identity,
  type TokenService,
} from '../auth/tokens.js';
import { AppError, unauthorized, forbidden, type ErrorBody } from './errors.js';
import { isTransientDatabaseError } from '../db/transient.js';
import { answerMetricsRequest } from './metrics-endpoint.js';
import { lazyOpenapiDocument, openapiOptions } from './openapi-document.js';
import { otelContext, SpanStatusCode, startServerSpan } from '../tracing.js';
import type { Span } from '@opentelemetry/api';

declare module 'fastify' {
  interface FastifyRequest {
    /** The user the gateway authenticated for this request, if any. */
    identity: Identity | null;
    /** The calling service, for internal routes. */
    callerService: string | null;
    /**
     * The client's address: in a service, the one the gateway signed (x-smh-client-address), else the peer's;
     * never an X-Forwarded-For a client could write. Null until the service's onRequest hook ran.
     */
    clientIp: string | null;
    /** The gateway sent this request (its signed client address checked out): its X-Forwarded-* can be believed. */
    viaGateway: boolean;
  }
}

export interface ReadinessCheck {
  name: string;
  check: () => Promise<unknown>;
}

export interface ServiceAppOptions {
  service: string;
  logger: Logger;
  metrics: Metrics;
  tokens: TokenService;
  readiness?: ReadinessCheck[];
  /** Extra facts for /ready (versions …). */
  readinessInfo?: () => Promise<Record<string, unknown>>;
  bodyLimit?: number;
  openapi?: { title: string; description?: string };
}

/** A hub app: Node's HTTP server (so `reply.raw` is a ServerResponse), our pino logger, zod-typed routes. */
export type ServiceApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  Logger,
  ZodTypeProvider
>;

/**
 * Fastify's own validator (ajv) and serializer (fast-json-stringify) factories, loaded only if a route ever needs
 * them. Every hub route is compiled by zod (set below), so they are never loaded: fastify would otherwise require
 * both for each of the six apps' first instance, ~0.4 s of every start.
 */
const fastifyRequire = createRequire(createRequire(import.meta.url).resolve('fastify'));
type CompilerFactory = (...args: unknown[]) => unknown;
type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
const lazyFactory = (name: string): CompilerFactory => {
  let factory: CompilerFactory | undefined;
  return (...args) => {
    factory ??= (fastifyRequire(name) as () => CompilerFactory)();
    return factory(...args);
  };
};
export const LAZY_COMPILERS = {
  buildValidator: lazyFactory('@fastify/ajv-compiler'),
  buildSerializer: lazyFactory('@fastify/fast-json-stringify-compiler'),
} as const;

/** A route as registered: enough for tests that must cover every route (the authorization matrices). */
export interface RegisteredRoute {
  method: string;
  url: string;
}
const routeCatalogs = new WeakMap<object, RegisteredRoute[]>();

/** Every route an app made by createServiceApp registered (HEAD routes fastify adds by itself excluded). */
/**
 * Each readiness check's own deadline; they run in parallel, so /ready answers within about this long even
 * when a dependency hangs (a probe's timeout is typically 1–3 s: an answer that late would flap).
 */
export const READINESS_CHECK_TIMEOUT_MS = 800;

export function registeredRoutes(app: object): readonly RegisteredRoute[] {
  const routes = routeCatalogs.get(app);
  if (!routes) throw new Error('registeredRoutes: this app was not made by createBaseApp or createServiceApp');
  return routes;
}

export type RequestLogLevel = 'error' | 'info' | 'debug' | 'trace';

/** The level of a request's log line by its status (pure): 5xx error, 4xx info, the rest debug. */
export function requestLogLevel(status: number): RequestLogLevel {
  if (status >= 500) return 'error';
  if (status >= 400) return 'info';
  return 'debug';
}

const CREDENTIAL_PARAMS = new Set(['token', 'access_token', 'key']);

function decodedParamName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).trim().toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/**
 * Strips credentials from URLs before they are logged (?token=…). Parameters are matched by their decoded name,
 * the way the query parser reads them, so `?to%6Ben=…` is redacted too.
 */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const query = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      return equals !== -1 && CREDENTIAL_PARAMS.has(decodedParamName(name)) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, mark)}?${query.join('&')}`;
}

/** The first string inside `value` (query, params, JSON body) that holds a NUL character, by its path. */
export function findNulString(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  if (Buffer.isBuffer(value)) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path}.${key.replaceAll('\u0000', '\\0')}`;
    const found = findNulString(inner, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * What every HTTP app of the hub has, the gateway included: request ids (kept from the caller or made),
 * one log line per request with credentials stripped, a tracing span per request, HTTP metrics, uniform error
 * bodies, the route catalog, /health and /metrics.
 */
export function createBaseApp(options: {
  service: string;
  logger: Logger;
  metrics: Metrics;
  bodyLimit?: number;
  trustProxy?: boolean | string[];
  return503OnClosing?: boolean;
  /** The level of a request's line; default requestLogLevel(status). */
  logLevelFor?: (request: FastifyRequest, status: number) => RequestLogLevel;
  /**
   * GET /metrics on this app's port: open (the default: services' ports are internal), behind a bearer token, or
   * not at all (false: the gateway's public port when metrics have a port of their own).
   */
  metricsRoute?: { token?: string } | false;
}): ServiceApp {
  const logLevelFor = options.logLevelFor ?? ((_request, status) => requestLogLevel(status));
  const app = Fastify({
    loggerInstance: options.logger,
    genReqId: (req) => {
      const incoming = req.headers[REQUEST_ID_HEADER];
      return typeof incoming === 'string' && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    },
    // Requests are logged once, at the end, by the onResponse hook below (with credentials stripped).
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Services believe no X-Forwarded-For: the gateway's signed client address says who the client is.
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: options.return503OnClosing ?? false,
    schemaController: { compilersFactory: LAZY_COMPILERS as CompilersFactory },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('identity', null);
  app.decorateRequest('callerService', null);
  app.decorateRequest('clientIp', null);
  app.decorateRequest('viaGateway', false);
  const catalog: RegisteredRoute[] = [];
  routeCatalogs.set(app, catalog);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') catalog.push({ method, url: route.url });
  });

  // Tracing first, as a callback hook: the rest of the request runs inside the span's context.
  const spans = new WeakMap<object, Span>();
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    const { span, context } = startServerSpan(
      options.service,
      `${request.method} ${request.routeOptions.url ?? 'unmatched'}`,
      request.headers,
    );
    span.setAttribute('http.request_id', String(request.id));
    span.setAttribute('url.path', request.url.split('?')[0] ?? '');
    spans.set(request, span);
    otelContext.with(context, done);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    options.metrics.httpRequests.inc(labels);
    options.metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    if (route !== '/health' && route !== '/metrics' && route !== '/ready') {
      const url = redactUrl(request.url);
      const ms = Math.round(reply.elapsedTime);
      request.log[logLevelFor(request, reply.statusCode)](
        { method: request.method, url, status: reply.statusCode, ms, userId: request.identity?.userId },
        `${request.method} ${url} ${reply.statusCode} ${ms} ms`,
      );
    }
    const span = spans.get(request);
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  });
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));

  // Action routes (POST …/run, /cancel, /logout …) are called by clients that send Content-Type: application/json
  // on every request, body or not: an empty JSON body is no body (fastify's default parser refuses it).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    return parseJson(request, body as string, done);
  });

  // No text a client sends may hold NUL: PostgreSQL refuses it (a 500), and no name, URL or id contains one.
  app.addHook('preValidation', async (request) => {
    const where =
      findNulString(request.params, 'params') ??
      findNulString(request.query, 'querystring') ??
      findNulString(request.body, 'body');
    if (where)
      throw new AppError(400, 'INVALID_CHARACTERS', `Invalid request: ${where} contains a NUL character.`, {
        field: where,
      });
  });

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok', service: options.service }));
  const metricsRoute = options.metricsRoute ?? {};
  if (metricsRoute)
    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      const answer = await answerMetricsRequest(
        { method: request.method, url: request.url, authorization: request.headers.authorization },
        { metrics: options.metrics, token: metricsRoute.token },
      );
      return reply.code(answer.status).headers(answer.headers).send(answer.body);
    });
  return app;
}

/**
 * The app factory every service starts from: the base app plus zod-validated routes documented in OpenAPI,
 * identity from the gateway's signed header, service tokens for /internal routes, and /ready.
 */
export async function createServiceApp(options: ServiceAppOptions): Promise<ServiceApp> {
  // Public requests reach a service only through the gateway, which logs each of them once: the service's own
  // line about it is trace. Calls between services are logged here, where they are served.
  const app = createBaseApp({
    ...options,
    logLevelFor: (request, status) => (request.callerService ? requestLogLevel(status) : 'trace'),
  });
  const openapiDocument = lazyOpenapiDocument(
    app,
    openapiOptions(
      { title: options.openapi?.title ?? options.service, description: options.openapi?.description },
      jsonSchemaTransform,
    ),
  );

  app.addHook('onRequest', async (request) => {
    const signedAddress = request.headers[CLIENT_ADDRESS_HEADER];
    const verified = typeof signedAddress === 'string' ? options.tokens.verifyClientAddress(signedAddress) : undefined;
    request.viaGateway = verified !== undefined;
    request.clientIp = verified ?? request.ip;
    const identityToken = request.headers[IDENTITY_HEADER];
    if (typeof identityToken === 'string') {
      request.identity = await options.tokens.verifyIdentity(identityToken).catch(() => {
        throw unauthorized('The identity header is invalid or expired.');
      });
    }
    const serviceToken = request.headers[SERVICE_TOKEN_HEADER];
    if (typeof serviceToken === 'string') {
      request.callerService = await options.tokens.verifyService(serviceToken).catch(() => {
        throw unauthorized('The service token is invalid or expired.');
      });
    }
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({
      error: { code: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0]}.` },
    } satisfies ErrorBody);
  });

  app.get('/ready', { schema: { hide: true } }, async (_request, reply) => {
    const checks: Record<string, string> = {};
    let ok = true;
    const infoPromise = options.readinessInfo
      ? withTimeout(options.readinessInfo(), READINESS_CHECK_TIMEOUT_MS).catch(() => ({}))
      : Promise.resolve({});
    await Promise.all(
      (options.readiness ?? []).map(async ({ name, check }) => {
        try {
          await withTimeout(check(), READINESS_CHECK_TIMEOUT_MS);
          checks[name] = 'ok';
        } catch (error) {
          ok = false;
          checks[name] = `down: ${error instanceof Error ? error.message : String(error)}`;
        }
      }),
    );
    const info = await infoPromise;
    reply.code(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', service: options.service, checks, ...info };
  });
  app.get('/openapi.json', { schema: { hide: true } }, () => openapiDocument());

  return app;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** What a 503 tells a client to wait before trying again: long enough for a restart to progress, short to a user. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AppError) {
    if (
      error.status === 429 &&
      typeof error.details === 'object' &&
      error.details &&
      'retryAfterSeconds' in error.details
    ) {
      reply.header('retry-after', String((error.details as { retryAfterSeconds: number }).retryAfterSeconds));
    }
    // Something this answer depends on is away for now (a service, the queue, the database behind another service).
    if (error.status === 503) reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return reply.code(error.status).send({
      error: {
        code: error.code,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
      },
    } satisfies ErrorBody);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((issue) => ({
      path: `${error.validationContext ?? 'body'}${issue.instancePath.replace(/\//g, '.').replace(/\.$/, '')}`,
      message: issue.message,
    }));
    const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    return reply.code(400).send({
      error: { code: 'VALIDATION_ERROR', message: `Invalid request: ${summary}`, details: issues },
    } satisfies ErrorBody);
  }
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return reply.code(fastifyError.statusCode).send({
      error: {
        code: fastifyError.code?.replace(/^FST_ERR_/, '') ?? 'BAD_REQUEST',
        message: fastifyError.message ?? 'Bad request.',
      },
    } satisfies ErrorBody);
  }
  if (isTransientDatabaseError(error)) {
    // The database is restarting or failing over: the client (or a calling service) may simply try again.
    request.log.warn({ err: error }, 'database unavailable');
    return reply
      .code(503)
      .header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS))
      .send({
        error: {
          code: 'DATABASE_UNAVAILABLE',
          message: 'The database is not available right now (it may be restarting); try again in a moment.',
          details: { requestId: request.id },
        },
      } satisfies ErrorBody);
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send({
    error: {
      code: 'INTERNAL_ERROR',
      message: `Something went wrong on our side (request ${request.id}).`,
      details: { requestId: request.id },
    },
  } satisfies ErrorBody);
}

/** preHandler: a signed-in user is required. */
export async function requireUser(request: FastifyRequest): Promise<void> {
  if (!request.identity) throw unauthorized();
}

/** preHandler: an admin is required. */
export async function requireAdmin(request: FastifyRequest): Promise<void> {
  if (!request.identity) throw unauthorized();
  if (request.identity.role !== 'admin') throw forbidden('Only an administrator can do this.');
}

/** preHandler for /internal/* routes: only other services of the hub may call them. */
export async function requireService(request: FastifyRequest): Promise<void> {
  if (!request.callerService) throw unauthorized("This route is for the hub's services only.");
}

/** The signed-in user; for use after requireUser. */
export function currentUser(request: FastifyRequest): Identity {
  if (!request.identity) throw unauthorized();
  return request.identity;
}

/** Owner filter: admins see every owner's resources, users only their own. */
export function ownerScope(identity: Identity): string | null {
  return identity.role === 'admin' ? null : identity.userId;
}
