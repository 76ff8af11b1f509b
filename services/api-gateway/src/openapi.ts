/** /api/openapi.json: the services' OpenAPI documents merged into one (internal routes dropped); /api/docs: Swagger UI. */
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { request } from 'undici';
import { BACKEND_SERVICES, type BackendServiceName, type ServiceApp, type ServiceLocator } from '@smh/shared';

export interface OpenApiDocument {
  openapi?: string;
  info?: Record<string, unknown>;
  paths?: Record<string, unknown>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
  security?: Array<Record<string, string[]>>;
  tags?: Array<{ name: string }>;
}

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });

/** GET /api/health's answer (system.ts). */
export const HEALTH_SCHEMA = {
  type: 'object',
  required: ['status', 'services'],
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded', 'unavailable'] },
    services: { type: 'object', additionalProperties: { type: 'string', enum: ['ok', 'unavailable'] } },
  },
};

/** GET /api/system's answer (system.ts): each service's own /ready body with its status; counts per queue state. */
export const SYSTEM_SCHEMA = {
  type: 'object',
  required: ['services', 'queues'],
  additionalProperties: false,
  properties: {
    services: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['status'],
        properties: { status: { type: 'string', enum: ['ok', 'unavailable'] } },
        additionalProperties: true,
      },
    },
    queues: {
      type: 'object',
      description: 'Jobs per state (waiting, active, delayed, failed, completed); a state with no sample is absent.',
      additionalProperties: { type: 'object', additionalProperties: { type: 'number' } },
    },
  },
};

/** The gateway's own public routes, described by hand (they are not zod-validated routes of a service). */
const GATEWAY_PATHS: Record<string, unknown> = {
  '/api/health': {
    get: {
      tags: ['system'],
      summary: "Overall health and each service's state",
      security: [],
      responses: { 200: { description: "The overall state and each service's", content: json(HEALTH_SCHEMA) } },
    },
  },
  '/api/system': {
    get: {
      tags: ['system'],
      summary: 'Readiness details and queue depths (admins)',
      responses: {
        200: {
          description: "Each service's readiness answer and the queues' job counts",
          content: json(SYSTEM_SCHEMA),
        },
      },
    },
  },
  '/api/openapi.json': {
    get: {
      tags: ['system'],
      summary: 'This OpenAPI document',
      security: [],
      responses: { 200: { description: 'OpenAPI 3 document' } },
    },
  },
  '/api/docs': {
    get: {
      tags: ['system'],
      summary: 'Interactive API documentation (Swagger UI)',
      security: [],
      responses: { 200: { description: 'text/html' } },
    },
  },
  '/api/events': {
    get: {
      tags: ['events'],
      summary: 'Live events for the caller (Server-Sent Events; ?token= accepted)',
      responses: { 200: { description: 'text/event-stream' } },
    },
  },
};

/** Merges service documents: public /api paths only (pure). */
export function mergeOpenApi(
  documents: Array<{ service: string; document: OpenApiDocument }>,
): OpenApiDocument & { 'x-unavailable-services'?: string[] } {
  const paths: Record<string, unknown> = { ...GATEWAY_PATHS };
  const schemas: Record<string, unknown> = {};
  for (const { document } of documents) {
    for (const [route, item] of Object.entries(document.paths ?? {}))
      if (route.startsWith('/api/')) paths[route] = item;
    Object.assign(schemas, document.components?.schemas ?? {});
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Social Media Hub API',
      version: '1.0.0',
      description: 'Every public route of the hub, served through the gateway.',
    },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
  };
}

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Social Media Hub API</title>
<link rel="stylesheet" href="/api/docs/static/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/static/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });`;

function swaggerUiStaticDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@fastify/swagger-ui')), 'static');
}

export async function registerOpenApi(
  app: ServiceApp,
  options: { locate: ServiceLocator; services?: readonly BackendServiceName[] },
): Promise<void> {
  const services = options.services ?? BACKEND_SERVICES;
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => {
    const documents = await Promise.all(
      services.map(async (service) => {
        try {
          const response = await request(new URL('/openapi.json', options.locate(service)), {
            headersTimeout: 3000,
            bodyTimeout: 3000,
          });
          if (response.statusCode !== 200) {
            await response.body.dump();
            return { service, document: undefined };
          }
          return { service, document: (await response.body.json()) as OpenApiDocument };
        } catch {
          return { service, document: undefined };
        }
      }),
    );
    const merged = mergeOpenApi(
      documents.flatMap(({ service, document }) => (document ? [{ service, document }] : [])),
    );
    const missing = documents.filter((entry) => !entry.document).map((entry) => entry.service);
    return missing.length ? { ...merged, 'x-unavailable-services': missing } : merged;
  });

  await app.register(fastifyStatic, {
    root: swaggerUiStaticDir(),
    prefix: '/api/docs/static/',
    decorateReply: false,
    index: false,
  });
  const docsHeaders = {
    'content-security-policy':
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'",
  };
  app.get('/api/docs', { schema: { hide: true } }, async (_request, reply) =>
    reply.headers(docsHeaders).type('text/html; charset=utf-8').send(DOCS_PAGE),
  );
  app.get('/api/docs/init.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').send(DOCS_INIT),
  );
}
