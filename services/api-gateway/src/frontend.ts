/** Serves the built web UI at / with an SPA fallback, or a short page explaining how to build it. */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody, ServiceApp } from '@smh/shared';

export const DEFAULT_FRONTEND_DIR = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../../../frontend/dist',
);

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Social Media Hub</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Social Media Hub is running</h1>
<p>The web interface has not been built yet. Build it with <code>npm run build -w frontend</code> and reload this page.</p>
<p>The API is available under <a href="/api/health">/api</a>; its documentation is at <a href="/api/docs">/api/docs</a>.</p>
</body></html>`;

const wantsPage = (request: FastifyRequest) =>
  (request.method === 'GET' || request.method === 'HEAD') &&
  !request.url.startsWith('/api/') &&
  !request.url.startsWith('/internal/');

export async function registerFrontend(app: ServiceApp, frontendDir: string = DEFAULT_FRONTEND_DIR): Promise<void> {
  const built = fs.existsSync(path.join(frontendDir, 'index.html'));
  if (built) await app.register(fastifyStatic, { root: frontendDir, prefix: '/', wildcard: false, index: false });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    if (!wantsPage(request)) {
      return reply.code(404).send({
        error: { code: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0]}.` },
      } satisfies ErrorBody);
    }
    // Client-side routes (/library, /downloads/123 …) all get the app's index.html.
    if (built) return reply.header('cache-control', 'no-cache').sendFile('index.html', frontendDir);
    return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
  });
}
