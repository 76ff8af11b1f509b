/**
 * The notification.deliver job: sends one pending delivery and records the attempt. The delivery row is the
 * source of truth: non-2xx answers and network errors throw so the queue retries with backoff; after the last
 * attempt (or on an error no retry can fix) the row is marked failed. Over a target's rate limit the delivery
 * is enqueued again for when the window reopens, not dropped.
 */
import type { Clock } from '@smh/shared/clock';
import type { Database } from '@smh/shared/db/types';
import type { Logger } from '@smh/shared/logger';
import { PrivateAddressError } from '@smh/shared/net/egress-guard';
import { jobDefinitions, type JobContext, type JobPayload } from '@smh/shared/queue/jobs';
import type { JobQueue } from '@smh/shared/queue/types';
import type { RateLimiter } from '@smh/shared/ratelimit';
import { findDelivery, findTarget, recordAttempt } from './repository.js';
import { buildSend } from './senders.js';
import type { SendResult, Transport } from './transport.js';

export interface RateLimit {
  /** Messages per target per window. */
  limit: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 30, windowMs: 60_000 };

export interface DeliverDeps {
  db: Database;
  queue: JobQueue;
  rateLimiter: RateLimiter;
  transport: Transport;
  clock: Clock;
  logger: Logger;
  rateLimit: RateLimit;
}

const MAX_ATTEMPTS = jobDefinitions['notification.deliver'].attempts;

/** A failure that trying again cannot fix. */
const isPermanent = (error: unknown) => error instanceof PrivateAddressError;

export function createDeliverHandler(deps: DeliverDeps) {
  const { db, clock } = deps;
  return async function deliver(payload: JobPayload<'notification.deliver'>, context: JobContext): Promise<void> {
    const delivery = await findDelivery(db, payload.deliveryId);
    if (delivery?.status !== 'pending') return;
    const target = await findTarget(db, delivery.targetId, null);
    if (!target) return; // deleted with its deliveries

    const window = await deps.rateLimiter.hit(
      `notify-target:${target.id}`,
      deps.rateLimit.limit,
      deps.rateLimit.windowMs,
    );
    if (!window.allowed) {
      await deps.queue.enqueue(
        'notification.deliver',
        { deliveryId: delivery.id },
        { delayMs: Math.max(window.retryAfterMs, 100) },
      );
      return;
    }

    const spec = buildSend(
      target.type,
      target.config,
      target.secret,
      delivery.payload,
      Math.floor(clock.now().getTime() / 1000),
    );
    let result: SendResult;
    let permanent = false;
    try {
      result = await deps.transport.send(spec);
    } catch (error) {
      permanent = isPermanent(error);
      result = { httpStatus: null, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    const last = permanent || delivery.attempts + 1 >= MAX_ATTEMPTS || context.attempt >= context.maxAttempts;
    const status = result.ok ? 'delivered' : last ? 'failed' : 'pending';
    await recordAttempt(db, delivery.id, { status, httpStatus: result.httpStatus, error: result.error }, clock.now());
    if (status === 'pending') throw new Error(`delivery ${delivery.id} to ${target.type} target: ${result.error}`);
    if (status === 'failed')
      deps.logger.warn({ deliveryId: delivery.id, targetId: target.id, error: result.error }, 'notification failed');
  };
}
