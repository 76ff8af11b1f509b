/** Security headers for every answer, and CORS (off unless CORS_ORIGINS lists origins). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceApp } from '@smh/shared';

/** For the SPA: its own scripts only, inline styles (React style props), media and images from the API or blobs. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

const CORS_ALLOW_HEADERS = 'authorization, content-type, range, x-request-id';
const CORS_EXPOSE_HEADERS = 'content-range, content-length, content-disposition, etag, retry-after, x-request-id';

export function corsHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  if (!origin || !(allowed.includes(origin) || allowed.includes('*'))) return {};
  return {
    'access-control-allow-origin': origin,
    vary: 'Origin',
    'access-control-expose-headers': CORS_EXPOSE_HEADERS,
  };
}

export function registerSecurity(app: ServiceApp, corsOrigins: readonly string[]): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const cors = corsHeaders(request.headers.origin, corsOrigins);
    reply.headers({ ...SECURITY_HEADERS, ...cors });
    if (
      request.method === 'OPTIONS' &&
      cors['access-control-allow-origin'] &&
      request.headers['access-control-request-method']
    ) {
      return reply
        .code(204)
        .headers({
          'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
          'access-control-allow-headers': CORS_ALLOW_HEADERS,
          'access-control-max-age': '600',
        })
        .send();
    }
  });
}
