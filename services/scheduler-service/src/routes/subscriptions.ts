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
import { presentProfileCheck, presentRun, presentSubscription, profileNotFound, siteProfileCheck } from './present.js';
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
  /** Asks download-service whether a profile exists, or a site page has media, before subscribing to it. */
  profiles: Pick<DownloadClient, 'lookupProfile' | 'probeSite'>;
}

const tags = ['subscriptions'];

export function registerSubscriptionRoutes(app: ServiceApp, deps: SubscriptionRoutesDeps): void {
  const { db, clock, scheduler, options, sessions, profiles } = deps;
  const schemas = buildSubscriptionSchemas(options);

  /** Instagram refuses a username it does not know; other answers (private, unknown) are reported, not refused. */
  const checkedProfile = async (username: string, ownerId: string, sessionId: string | null) => {
    const profile = await profiles.lookupProfile(username, ownerId, sessionId);
    if (profile.status === 'not_found') throw profileNotFound(username, Boolean(sessionId));
    return presentProfileCheck(profile);
  };

  app.post(
    '/api/subscriptions',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Subscribe to an Instagram profile or a channel, playlist or profile page of another site',
        body: schemas.create,
        response: { 201: createdSubscriptionResponseSchema },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { target, ...body } = request.body;
      if (target.kind === 'site') assertNoInstagramOptions(body);
      if (body.sessionId) await sessions.assertOwned(body.sessionId, user.userId);
      const key = target.kind === 'site' ? target.url : target.username;
      const profileCheck =
        target.kind === 'site'
          ? siteProfileCheck(await profiles.probeSite(target.url))
          : await checkedProfile(target.username, user.userId, body.sessionId ?? null);
      const subscription = buildSubscription(
        {
          id: randomUUID(),
          ownerId: user.userId,
          username: key,
          sourceUrl: target.kind === 'site' ? target.url : null,
          include: target.kind === 'site' ? [] : (body.include ?? ['posts']),
          schedule: toScheduleInput(body.schedule),
          sessionId: body.sessionId ?? null,
          enabled: body.enabled,
        },
        clock.now(),
        options.jitter,
      );
      const created = await insertSubscription(db, subscription);
      if (!created) throw conflict(`You already subscribe to ${key}; edit that subscription instead.`, { target: key });
      return reply.code(201).send({ ...presentSubscription(created), profileCheck });
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
      if (edit.sessionId || edit.include) {
        // The session must be the subscription owner's (an admin editing someone's subscription included). Asked
        // before the transaction: account-service may share this database connection (embedded).
        const current = await findSubscription(db, request.params.id, ownerScope(currentUser(request)));
        if (!current) throw notFound('Subscription');
        if (current.sourceUrl !== null) assertNoInstagramOptions(edit);
        if (edit.sessionId) await sessions.assertOwned(edit.sessionId, current.ownerId);
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
        summary: 'Sync the profile or page now',
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

/** include and sessionId are Instagram's: a site page is synced as a whole, without an Instagram session. */
function assertNoInstagramOptions(body: { include?: unknown; sessionId?: string | null | undefined }): void {
  const given = (['include', 'sessionId'] as const).filter(
    (field) => body[field] !== undefined && body[field] !== null,
  );
  if (given.length === 0) return;
  throw new AppError(
    400,
    'VALIDATION_ERROR',
    `${given.join(' and ')} only apply to Instagram subscriptions: a site page is synced as a whole.`,
    given.map((field) => ({ path: field, message: 'only applies to Instagram subscriptions' })),
  );
}
