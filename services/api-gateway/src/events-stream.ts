/** GET /api/events: Server-Sent Events with the caller's own public events (all of them for admins). */
import type { ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import {
  currentUser,
  PUBLIC_EVENTS,
  requireUser,
  type EventBus,
  type HubEvent,
  type Identity,
  type ServiceApp,
} from '@smh/shared';
import { credentialOf } from './authenticate.js';
import { SECURITY_HEADERS } from './security.js';

export const HEARTBEAT_MS = 15_000;

/** Whether this caller may see this event (pure). */
export function visibleTo(event: HubEvent, identity: Identity): boolean {
  if (!PUBLIC_EVENTS.includes(event.name)) return false;
  return identity.role === 'admin' || event.data.ownerId === identity.userId;
}

/** One SSE frame (pure). */
export function formatEvent(event: HubEvent): string {
  return `event: ${event.name}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/**
 * When the stream's credential stops being valid (epoch ms): an access token's expiry; undefined for an API key,
 * which stays valid until it is revoked (pure; the guard already verified the credential).
 */
export function credentialExpiry(
  request: Pick<FastifyRequest, 'headers' | 'method' | 'url' | 'query'>,
): number | undefined {
  const credential = credentialOf(request);
  if (credential?.kind !== 'access-token') return undefined;
  try {
    const payload = JSON.parse(Buffer.from(credential.value.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a `credentials.revoked` event ends this caller's streams: any revocation of the user's credentials. */
export function endsStreamOf(event: HubEvent, identity: Identity): boolean {
  return event.name === 'credentials.revoked' && event.data.ownerId === identity.userId;
}

/** Longest setTimeout delay; a later expiry is re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function registerEventStream(app: ServiceApp, options: { events: EventBus; heartbeatMs?: number }): void {
  const open = new Set<ServerResponse>();
  // Before the server waits for its connections to end: an open stream would hold it (and a rolling update)
  // for as long as the client stays. Clients reconnect to another instance (the `retry:` of the stream).
  app.addHook('preClose', async () => {
    for (const response of open) response.end();
  });

  app.get(
    '/api/events',
    {
      preHandler: requireUser,
      schema: { tags: ['events'], summary: 'Live events for the caller (Server-Sent Events; ?token= accepted)' },
    },
    (request, reply) => {
      const identity = currentUser(request);
      const expiresAt = credentialExpiry(request);
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        ...SECURITY_HEADERS,
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx must not buffer the stream.
        'x-accel-buffering': 'no',
      });
      response.write(`retry: 5000\n: connected\n\n`);
      open.add(response);
      // A stream is only as good as the credential that opened it: it ends when the access token expires or the
      // user's credentials are revoked (disabled, demoted, key revoked); the client reconnects with a fresh one.
      const end = (reason: 'expired' | 'revoked') => {
        if (closed) return;
        response.write(`event: stream.closed\ndata: ${JSON.stringify({ reason })}\n\n`);
        response.end();
        cleanup();
      };
      const unsubscribe = options.events.subscribe((event) => {
        if (endsStreamOf(event, identity)) return end('revoked');
        if (visibleTo(event, identity)) response.write(formatEvent(event));
      });
      const heartbeat = setInterval(
        () => response.write(`: heartbeat ${Date.now()}\n\n`),
        options.heartbeatMs ?? HEARTBEAT_MS,
      );
      let expiryTimer: NodeJS.Timeout | undefined;
      const armExpiry = () => {
        if (expiresAt === undefined) return;
        const left = expiresAt - Date.now();
        if (left <= 0) return end('expired');
        expiryTimer = setTimeout(armExpiry, Math.min(left, MAX_TIMER_MS));
      };
      let closed = false;
      const cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        clearTimeout(expiryTimer);
        unsubscribe();
        open.delete(response);
      };
      armExpiry();
      request.raw.on('close', cleanup);
      response.on('close', cleanup);
    },
  );
}
