/** GET /api/events: Server-Sent Events with the caller's own public events (all of them for admins). */
import type { ServerResponse } from 'node:http';
import {
  currentUser,
  PUBLIC_EVENTS,
  requireUser,
  type EventBus,
  type HubEvent,
  type Identity,
  type ServiceApp,
} from '@smh/shared';
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
      const unsubscribe = options.events.subscribe((event) => {
        // A role change, disabling or key revocation ends the user's streams: the reconnect is checked afresh.
        if (event.name === 'credentials.revoked' && event.data.ownerId === identity.userId) response.end();
        else if (visibleTo(event, identity)) response.write(formatEvent(event));
      });
      const heartbeat = setInterval(
        () => response.write(`: heartbeat ${Date.now()}\n\n`),
        options.heartbeatMs ?? HEARTBEAT_MS,
      );
      let closed = false;
      const cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(response);
      };
      request.raw.on('close', cleanup);
      response.on('close', cleanup);
    },
  );
}
