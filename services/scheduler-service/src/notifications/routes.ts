/**
 * /api/notifications: targets CRUD, "send test", and the delivery log. Users see their own targets and
 * deliveries (others get 404); admins all. Every URL the hub will connect to passes the SSRF guard here and
 * again at each connection.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '@smh/shared/clock';
import { idParamsSchema, listQuerySchema, noContentSchema } from '@smh/shared/contracts/common';
import type { Database } from '@smh/shared/db/types';
import { currentUser, ownerScope, requireUser, type ServiceApp } from '@smh/shared/http/app';
import { AppError, notFound } from '@smh/shared/http/errors';
import { assertPublicHost, PrivateAddressError, type Resolver } from '@smh/shared/net/egress-guard';
import type { JobQueue } from '@smh/shared/queue/types';
import type { z } from 'zod';
import { enqueueDelivery } from './fanout.js';
import { presentDelivery, presentTarget } from './present.js';
import { deleteTarget, findTarget, insertTarget, listDeliveries, listTargets, updateTarget } from './repository.js';
import {
  createdTargetResponseSchema,
  createTargetSchema,
  deliveriesQuerySchema,
  deliveryResponseSchema,
  ADMIN_EVENTS,
  NOTIFICATION_EVENTS,
  type NotificationEvent,
  pageOf,
  targetConfigSchemas,
  targetResponseSchema,
  testResponseSchema,
  type TargetType,
  updateTargetSchema,
  urlsToGuard,
} from './schemas.js';
import { newWebhookSecret } from './signature.js';

export interface NotificationRoutesDeps {
  db: Database;
  queue: JobQueue;
  clock: Clock;
  allowPrivateUrls: boolean;
  resolver?: Resolver;
}

const tags = ['notifications'];

function validationError(path: string, message: string): AppError {
  return new AppError(400, 'VALIDATION_ERROR', `${path}: ${message}`, [{ path, message }]);
}

/** The type's config from a request, validated with the type's schema (400 naming the field). */
function parseConfig(type: TargetType, input: Record<string, unknown>): Record<string, unknown> {
  const parsed = targetConfigSchemas[type].safeParse(input);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const issue = parsed.error.issues[0];
  throw validationError(`body.${issue?.path.join('.') ?? ''}`, issue?.message ?? 'is not valid');
}

/** The events a user may choose: hub-wide ones (disk.low) only for admins. */
function allowedEvents(role: string, chosen: NotificationEvent[] | undefined): NotificationEvent[] {
  const permitted = NOTIFICATION_EVENTS.filter((event) => role === 'admin' || !ADMIN_EVENTS.includes(event));
  if (!chosen) return permitted;
  const refused = chosen.find((event) => !permitted.includes(event));
  if (refused) throw validationError('body.events', `"${refused}" is for admins only`);
  return chosen;
}

export function registerNotificationRoutes(app: ServiceApp, deps: NotificationRoutesDeps): void {
  const { db, clock } = deps;

  async function guard(type: TargetType, config: Record<string, unknown>): Promise<void> {
    const hosts = [...urlsToGuard(type, config).map((url) => new URL(url).hostname)];
    if (type === 'email') hosts.push(String(config.host));
    if (deps.allowPrivateUrls) return;
    for (const host of hosts) {
      try {
        await assertPublicHost(host, deps.resolver);
      } catch (error) {
        if (error instanceof PrivateAddressError)
          throw new AppError(400, error.code, `${error.message}`, { host: error.hostname });
        throw error;
      }
    }
  }

  app.post(
    '/api/notifications/targets',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Add a notification target (webhook, ntfy, gotify, discord, slack, telegram, email)',
        body: createTargetSchema,
        response: { 201: createdTargetResponseSchema },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { type, name, events, ...fields } = request.body;
      const config = parseConfig(type, fields);
      await guard(type, config);
      const secret = type === 'webhook' ? newWebhookSecret() : null;
      const host = urlsToGuard(type, config)[0];
      const created = await insertTarget(db, {
        id: randomUUID(),
        ownerId: user.userId,
        type,
        name: name ?? (host ? `${type} ${new URL(host).host}` : `${type} ${String(config.to ?? '')}`.trim()),
        config,
        secret,
        events: allowedEvents(user.role, events),
        createdAt: clock.now(),
        updatedAt: clock.now(),
      });
      return reply.code(201).send({ ...presentTarget(created), ...(secret ? { secret } : {}) });
    },
  );

  app.get(
    '/api/notifications/targets',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'List notification targets',
        querystring: listQuerySchema,
        response: { 200: pageOf(targetResponseSchema) },
      },
    },
    async (request) => {
      const page = await listTargets(db, ownerScope(currentUser(request)), request.query);
      return { items: page.items.map(presentTarget), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/notifications/targets/:id',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'One notification target',
        params: idParamsSchema,
        response: { 200: targetResponseSchema },
      },
    },
    async (request) => {
      const target = await findTarget(db, request.params.id, ownerScope(currentUser(request)));
      if (!target) throw notFound('Notification target');
      return presentTarget(target);
    },
  );

  app.patch(
    '/api/notifications/targets/:id',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Edit a notification target',
        params: idParamsSchema,
        body: updateTargetSchema,
        response: { 200: targetResponseSchema },
      },
    },
    async (request) => {
      const target = await findTarget(db, request.params.id, ownerScope(currentUser(request)));
      if (!target) throw notFound('Notification target');
      const { name, events, ...fields } = request.body as z.infer<typeof updateTargetSchema>;
      const config = parseConfig(target.type, { ...target.config, ...fields });
      if (Object.keys(fields).length > 0) await guard(target.type, config);
      const updated = await updateTarget(
        db,
        target.id,
        {
          name: name ?? target.name,
          config,
          events: events ? allowedEvents(currentUser(request).role, events) : target.events,
        },
        clock.now(),
      );
      if (!updated) throw notFound('Notification target');
      return presentTarget(updated);
    },
  );

  app.delete(
    '/api/notifications/targets/:id',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Remove a notification target (and its delivery log)',
        params: idParamsSchema,
        response: { 204: noContentSchema },
      },
    },
    async (request, reply) => {
      if (!(await deleteTarget(db, request.params.id, ownerScope(currentUser(request)))))
        throw notFound('Notification target');
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/notifications/targets/:id/test',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Send a test notification (see the delivery log for the outcome)',
        params: idParamsSchema,
        response: { 202: testResponseSchema },
      },
    },
    async (request, reply) => {
      const target = await findTarget(db, request.params.id, ownerScope(currentUser(request)));
      if (!target) throw notFound('Notification target');
      const delivery = await enqueueDelivery(
        deps,
        target,
        {
          event: 'test',
          occurredAt: clock.now().toISOString(),
          data: { targetId: target.id, message: 'This is a test notification from Social Media Hub.' },
        },
        null,
      );
      if (!delivery) throw new Error('a test delivery has no dedupe key, so it is always recorded');
      return reply.code(202).send({ deliveryId: delivery.id, status: 'pending' as const });
    },
  );

  app.get(
    '/api/notifications/deliveries',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Delivery log, newest first',
        querystring: deliveriesQuerySchema,
        response: { 200: pageOf(deliveryResponseSchema) },
      },
    },
    async (request) => {
      const owner = ownerScope(currentUser(request));
      const { targetId, ...page } = request.query;
      if (targetId && !(await findTarget(db, targetId, owner))) throw notFound('Notification target');
      const result = await listDeliveries(db, { ownerId: owner, ...(targetId ? { targetId } : {}) }, page);
      return { items: result.items.map(presentDelivery), nextCursor: result.nextCursor };
    },
  );
}
