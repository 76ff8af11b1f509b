import type { Database } from '../db/types.js';
import { createBullmqQueue } from './bullmq.js';
import { createEmbeddedQueue } from './embedded.js';
import type { JobOutcomeListener, JobQueue, JobRecoveryListener } from './types.js';

export * from './jobs.js';
export * from './types.js';
export { createEmbeddedQueue } from './embedded.js';
export { createBullmqQueue } from './bullmq.js';

/** REDIS_URL selects BullMQ; otherwise the durable queue lives in the hub's database. */
export async function openQueue(options: {
  redisUrl?: string;
  redisPrefix: string;
  db: Database;
  onOutcome?: JobOutcomeListener;
  onRecovered?: JobRecoveryListener;
  lockMs?: number;
}): Promise<JobQueue> {
  if (options.redisUrl)
    return createBullmqQueue({
      redisUrl: options.redisUrl,
      prefix: options.redisPrefix,
      onOutcome: options.onOutcome,
      onRecovered: options.onRecovered,
      lockMs: options.lockMs,
    });
  return createEmbeddedQueue({
    db: options.db,
    recoverAllOnStart: options.db.kind === 'pglite',
    onOutcome: options.onOutcome,
    onRecovered: options.onRecovered,
  });
}
