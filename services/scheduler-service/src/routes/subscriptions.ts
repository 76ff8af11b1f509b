/** /api/subscriptions: CRUD, run-now and run history. Users see their own subscriptions (others get 404); admins all. */
import { randomUUID } from 'node:crypto';
import type { Clock } from '@smh/shared/clock';
import { idParamsSchema, listQuerySchema, noContentSchema } from '@smh/shared/contracts/common';
import type { Database } from '@smh/shared/db/types';
import { currentUser, ownerScope, requireUser, type ServiceApp } from '@smh/shared/http/app';
import { AppError, conflict, notFound } from '@smh/shared/http/errors';
import type { DownloadClient } from '../adapters/download-client.js';
import { listRuns } from '../adapters/runs-repository.js';
import type { SessionOwnership } from '../adapters/session-owner.js';
import {
  deleteSubscription,
  findSubscription,
  insertSubscription,
  listSubscriptions,
  updateSubscription,
} from '../adapters/subscriptions-repository.js';
import { buildSubscription, isEmptyEdit, planEdit } from '../domain/edit.js';
import type { SchedulerOptions } from '../options.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import { presentProfileCheck, presentRun, presentSubscription, profileNotFound } from './present.js';
import {
  buildSubscriptionSchemas,
  createdSubscriptionResponseSchema,
  pageOf,
  runNowResponseSchema,
  runResponseSchema,
  subscriptionResponseSchema,
  toScheduleInput,
} from './schemas.js';

export interface SubscriptionRoutesDeps {
  db: Database;
  clock: Clock;
  scheduler: Scheduler;
  options: SchedulerOptions;
  /** A subscription may only name its owner's Instagram session. */
  sessions: SessionOwnership;
  /** Asks download-service whether a profile exists before subscribing to it. */
  profiles: Pick<DownloadClient, 'lookupProfile'>;
}

const tags = ['subscriptions'];

export function registerSubscriptionRoutes(app: ServiceApp, deps: SubscriptionRoutesDeps): void {
  const { db, clock, scheduler, options, sessions, profiles } = deps;
  const schemas = buildSubscriptionSchemas(options);

  app.post(
    '/api/subscriptions',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Subscribe to an Instagram profile',
        body: schemas.create,
        response: { 201: createdSubscriptionResponseSchema },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const body = request.body;
      if (body.sessionId) await sessions.assertOwned(body.sessionId, user.userId);
      const profile = await profiles.lookupProfile(body.target, user.userId, body.sessionId ?? null);
      if (profile.status === 'not_found') throw profileNotFound(body.target, Boolean(body.sessionId));
      const subscription = buildSubscription(
        {
          id: randomUUID(),
          ownerId: user.userId,
          username: body.target,
          include: body.include,
          schedule: toScheduleInput(body.schedule),
          sessionId: body.sessionId ?? null,
          enabled: body.enabled,
        },
        clock.now(),
        options.jitter,
      );
      const created = await insertSubscription(db, subscription);
      if (!created)
        throw conflict(`You already subscribe to ${body.target}; edit that subscription instead.`, {
          target: body.target,
        });
      return reply.code(201).send({ ...presentSubscription(created), profileCheck: presentProfileCheck(profile) });
    },
  );

  app.get(
    '/api/subscriptions',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'List subscriptions',
        querystring: listQuerySchema,
        response: { 200: pageOf(subscriptionResponseSchema) },
      },
    },
    async (request) => {
      const page = await listSubscriptions(db, ownerScope(currentUser(request)), request.query);
      return { items: page.items.map(presentSubscription), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/subscriptions/:id',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'One subscription',
        params: idParamsSchema,
        response: { 200: subscriptionResponseSchema },
      },
    },
    async (request) => {
      const subscription = await findSubscription(db, request.params.id, ownerScope(currentUser(request)));
      if (!subscription) throw notFound('Subscription');
      return presentSubscription(subscription);
    },
  );

  app.patch(
    '/api/subscriptions/:id',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Edit (and thereby resume) a subscription',
        params: idParamsSchema,
        body: schemas.update,
        response: { 200: subscriptionResponseSchema },
      },
    },
    async (request) => {
      const { schedule, ...rest } = request.body;
      const edit = { ...rest, ...(schedule ? { schedule: toScheduleInput(schedule) } : {}) };
      if (isEmptyEdit(edit))
        throw new AppError(
          400,
          'VALIDATION_ERROR',
          'Nothing to change: give include, schedule, sessionId, enabled or resume.',
          [{ path: 'body', message: 'is empty' }],
        );
      if (edit.sessionId) {
        // The session must be the subscription owner's (an admin editing someone's subscription included). Asked
        // before the transaction: account-service may share this database connection (embedded).
        const current = await findSubscription(db, request.params.id, ownerScope(currentUser(request)));
        if (!current) throw notFound('Subscription');
        await sessions.assertOwned(edit.sessionId, current.ownerId);
      }
      const updated = await db.transaction(async (tx) => {
        const subscription = await findSubscription(tx, request.params.id, ownerScope(currentUser(request)), {
          forUpdate: true,
        });
        if (!subscription) throw notFound('Subscription');
        return updateSubscription(
          tx,
          subscription.id,
          planEdit(subscription, edit, clock.now(), options.jitter),
          clock.now(),
        );
      });
      if (!updated) throw notFound('Subscription');
      return presentSubscription(updated);
    },
  );

  app.delete(
    '/api/subscriptions/:id',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Unsubscribe (the archived files stay)',
        params: idParamsSchema,
        response: { 204: noContentSchema },
      },
    },
    async (request, reply) => {
      if (!(await deleteSubscription(db, request.params.id, ownerScope(currentUser(request)))))
        throw notFound('Subscription');
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/subscriptions/:id/run',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Sync the profile now',
        params: idParamsSchema,
        response: { 202: runNowResponseSchema },
      },
    },
    async (request, reply) => {
      const result = await scheduler.runNow(request.params.id, ownerScope(currentUser(request)));
      return reply.code(202).send(result);
    },
  );

  app.get(
    '/api/subscriptions/:id/runs',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Run history, newest first',
        params: idParamsSchema,
        querystring: listQuerySchema,
        response: { 200: pageOf(runResponseSchema) },
      },
    },
    async (request) => {
      const subscription = await findSubscription(db, request.params.id, ownerScope(currentUser(request)));
      if (!subscription) throw notFound('Subscription');
      const page = await listRuns(db, subscription.id, request.query);
      return { items: page.items.map(presentRun), nextCursor: page.nextCursor };
    },
  );
}
