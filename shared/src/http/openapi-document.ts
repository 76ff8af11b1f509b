/**
 * A service's OpenAPI document, built on the first GET /openapi.json instead of at every start.
 *
 * @fastify/swagger registered in an app loads `yaml`, `json-schema-resolver` and its spec builders and clones every
 * route's schema as the route is added: start-up work for a document that only the gateway's /api/docs and
 * `npm run docs:api` ever ask for. Here the app only records its routes; the first request replays them into a
 * throw-away fastify instance with @fastify/swagger registered (same options), and its document is kept.
 */
import Fastify, { type RouteOptions } from 'fastify';
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';

export interface OpenapiInfo {
  title: string;
  description?: string;
}

/** The @fastify/swagger options of every service document (pure). */
export function openapiOptions(
  info: OpenapiInfo,
  transform: FastifyDynamicSwaggerOptions['transform'],
): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      info: { title: info.title, description: info.description, version: '1.0.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform,
    hideUntagged: false,
  };
}

/** The one hook this needs from an app (any fastify instance, whatever its logger and type provider). */
interface RouteSource {
  addHook(name: 'onRoute', hook: (route: RouteOptions) => void): unknown;
}

/** Records `app`'s routes from now on; the returned function builds (once) and returns their document. */
export function lazyOpenapiDocument(app: RouteSource, options: FastifyDynamicSwaggerOptions): () => Promise<unknown> {
  const routes: RouteOptions[] = [];
  // As @fastify/swagger does: the HEAD routes fastify adds next to each GET are not documented.
  app.addHook('onRoute', (route) => {
    if (route.method !== 'HEAD') routes.push(route);
  });
  let document: Promise<unknown> | undefined;
  return () => {
    document ??= buildDocument(routes, options).catch((error: unknown) => {
      document = undefined;
      throw error;
    });
    return document;
  };
}

async function buildDocument(routes: readonly RouteOptions[], options: FastifyDynamicSwaggerOptions): Promise<unknown> {
  const { default: swagger } = await import('@fastify/swagger');
  // Only the schemas matter here: nothing is validated or served by this instance.
  const replay = Fastify({ exposeHeadRoutes: false });
  replay.setValidatorCompiler(() => () => true);
  replay.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await replay.register(swagger, options);
  for (const route of routes)
    replay.route({
      method: route.method,
      url: route.url,
      ...(route.schema ? { schema: route.schema } : {}),
      ...(route.config ? { config: route.config } : {}),
      ...(route.constraints ? { constraints: route.constraints } : {}),
      handler: async () => undefined,
    });
  await replay.ready();
  try {
    return replay.swagger();
  } finally {
    await replay.close();
  }
}
