import { randomUUID } from 'node:crypto';
import type { ConnectionOptions, Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { lazyRequire } from '../lazy-require.js';
import {
  jobDefinitions,
  PermanentJobError,
  QUEUE_NAMES,
  type JobHandler,
  type JobHandlers,
  type JobName,
  type JobPayload,
} from './jobs.js';
import { currentTraceCarrier, runInJobSpan } from '../tracing.js';
import type {
  EnqueueOptions,
  JobOutcomeListener,
  JobQueue,
  JobRecoveryListener,
  QueueCounts,
  WorkerOptions,
} from './types.js';

export interface BullmqQueueOptions {
  redisUrl: string;
  /** Key prefix, so several hubs (or test runs) share one Redis without seeing each other's jobs. */
  prefix: string;
  onOutcome?: JobOutcomeListener;
  onRecovered?: JobRecoveryListener;
  /** Multiplies every retry delay (tests use a small value). */
  backoffScale?: number;
  /**
   * Job lock duration and stalled-job check interval (BullMQ defaults: 30 s). A job whose worker died runs again
   * on another worker within about two of these.
   */
  lockMs?: number;
}

/** BullMQ's lowest priority (its priorities run from 1, first, to 2 097 151). */
const LOWEST_PRIORITY = 2_097_151;

/**
 * BullMQ on Redis: the distributed backend. Same job names, payloads and retry policies as the embedded queue.
 * Fairness without BullMQ Pro's groups: each group's open jobs of a queue are a Redis set, and a new job's priority
 * is that set's size + 1. A user's first job comes before the second job of every user's backlog, whoever queued first.
 */
const loadBullmq = lazyRequire<typeof import('bullmq')>('bullmq');
const loadIoredis = lazyRequire<typeof import('ioredis')>('ioredis');

export function createBullmqQueue(options: BullmqQueueOptions): JobQueue {
  const { Queue, UnrecoverableError, Worker } = loadBullmq();
  const { Redis } = loadIoredis();
  const connections: Redis[] = [];
  const connect = (forWorker: boolean): ConnectionOptions => {
    const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: forWorker ? null : 3, lazyConnect: false });
    redis.on('error', () => undefined); // reconnects on its own; readiness reports the outage
    connections.push(redis);
    return redis as unknown as ConnectionOptions;
  };
  const producerConnection = connect(false);
  const redis = producerConnection as unknown as Redis;
  const openSetKey = (queue: string, group: string) => `${options.prefix}:smh-fair:${queue}:${group}`;
  /** A job that will not run again leaves its group's open set. */
  const leaveGroup = (queue: string, job: Job) => {
    const group = (job.data as { _group?: unknown })._group;
    if (typeof group === 'string') void redis.srem(openSetKey(queue, group), String(job.id)).catch(() => undefined);
  };
  const queues = new Map<string, Queue>();
  const queueFor = (name: string): Queue => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: producerConnection, prefix: options.prefix });
      queues.set(name, queue);
    }
    return queue;
  };
  const workers: Worker[] = [];
  const controllers = new Set<AbortController>();
  /** The running attempts by job id, so a lost lock stops the attempt that lost it. */
  const attempts = new Map<string, AbortController>();

  async function enqueue<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    enqueueOptions: EnqueueOptions = {},
  ): Promise<string> {
    const definition = jobDefinitions[name];
    const data = definition.payload.parse(payload);
    const { group } = enqueueOptions;
    let fair: { jobId: string; priority: number } | undefined;
    if (group !== undefined) {
      // Joined to the set before it exists, so a job finishing at once cannot leave a stale member behind.
      const jobId = randomUUID();
      const openSet = openSetKey(definition.queue, group);
      const [, open] = (await redis.multi().sadd(openSet, jobId).scard(openSet).exec()) ?? [];
      fair = { jobId, priority: Math.min(LOWEST_PRIORITY, Number(open?.[1] ?? 1)) };
    }
    const job = await queueFor(definition.queue).add(
      name,
      { ...data, _trace: currentTraceCarrier(), ...(group === undefined ? {} : { _group: group }) },
      {
        ...(fair === undefined ? {} : { jobId: fair.jobId, priority: fair.priority }),
        attempts: definition.attempts,
        backoff: {
          type: 'exponential',
          delay: Math.max(1, Math.round(definition.backoffMs * (options.backoffScale ?? 1))),
        },
        delay: enqueueOptions.delayMs,
        ...(enqueueOptions.key ? { deduplication: { id: enqueueOptions.key } } : {}),
        removeOnComplete: { age: 24 * 3600, count: 1000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
    if (fair !== undefined && String(job.id) !== fair.jobId && group !== undefined)
      await redis.srem(openSetKey(definition.queue, group), fair.jobId); // de-duplicated into an open job
    return String(job.id);
  }

  return {
    kind: 'bullmq',
    enqueue,
    async enqueueMany(name, payloads, enqueueOptions = {}) {
      const definition = jobDefinitions[name];
      for (const payload of payloads) definition.payload.parse(payload); // one bad payload queues none
      // In order, one after the other: Redis answers in well under a millisecond, and each job's fairness rank
      // counts the batch's earlier jobs.
      for (const payload of payloads) await enqueue(name, payload, enqueueOptions);
    },
    async work(handlers: JobHandlers, workerOptions: WorkerOptions = {}) {
      const byQueue = new Map<string, JobName[]>();
      for (const name of Object.keys(handlers) as JobName[]) {
        const queue = jobDefinitions[name].queue;
        byQueue.set(queue, [...(byQueue.get(queue) ?? []), name]);
      }
      for (const queue of byQueue.keys()) {
        const worker = new Worker(
          queue,
          async (job: Job) => {
            const name = job.name as JobName;
            const handler = handlers[name] as JobHandler<JobName> | undefined;
            if (!handler) throw new UnrecoverableError(`no handler for job ${name}`);
            const controller = new AbortController();
            controllers.add(controller);
            attempts.set(String(job.id), controller);
            try {
              const payload = jobDefinitions[name].payload.parse(job.data) as JobPayload<JobName>;
              const carrier = (job.data as { _trace?: Record<string, string> })._trace;
              await runInJobSpan(
                jobDefinitions[name].owner,
                name,
                carrier,
                { 'smh.job.id': String(job.id), 'smh.job.attempt': job.attemptsMade + 1 },
                () =>
                  handler(payload, {
                    jobId: String(job.id),
                    attempt: job.attemptsMade + 1,
                    maxAttempts: job.opts.attempts ?? 1,
                    signal: controller.signal,
                  }),
              );
            } catch (error) {
              if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
              throw error;
            } finally {
              controllers.delete(controller);
              if (attempts.get(String(job.id)) === controller) attempts.delete(String(job.id));
            }
          },
          {
            connection: connect(true),
            prefix: options.prefix,
            concurrency: workerOptions.concurrency?.[queue] ?? 2,
            ...(options.lockMs ? { lockDuration: options.lockMs, stalledInterval: options.lockMs } : {}),
          },
        );
        worker.on('error', () => undefined);
        // This worker could not renew a job's lock (Redis was away long enough for it to lapse): the queue will hand
        // the job out again, so this attempt stops (like a shutdown: its work is resumable) rather than run twice.
        worker.on('lockRenewalFailed', (jobIds) => {
          for (const jobId of jobIds)
            attempts.get(jobId)?.abort(new Error(`the queue lock of job ${jobId} was lost; the job runs again`));
        });
        // BullMQ's stalled-job check found a job whose worker stopped renewing its lock: it runs again here.
        worker.on('stalled', (jobId) => {
          if (!options.onRecovered) return;
          void queueFor(queue)
            .getJob(jobId)
            .then((job) =>
              options.onRecovered?.({
                queue,
                name: job?.name ?? 'unknown',
                jobId,
                reason: 'worker-lost',
                payload: (job?.data ?? {}) as Record<string, unknown>,
              }),
            )
            .catch(() => undefined);
        });
        worker.on('completed', (job) => {
          leaveGroup(queue, job);
          options.onOutcome?.({ queue, name: job.name as JobName, outcome: 'completed' });
        });
        worker.on('failed', (job, error) => {
          if (!job) return;
          const final = job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
          if (final) leaveGroup(queue, job);
          options.onOutcome?.({
            queue,
            name: job.name as JobName,
            outcome: final ? 'failed' : 'retried',
            error: error.message,
          });
        });
        workers.push(worker);
      }
    },
    async counts() {
      const result: Record<string, QueueCounts> = {};
      for (const name of QUEUE_NAMES) {
        const counts = await queueFor(name).getJobCounts(
          'waiting',
          'active',
          'delayed',
          'failed',
          'completed',
          'prioritized',
        );
        result[name] = {
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
          completed: counts.completed ?? 0,
        };
      }
      return result;
    },
    async ping() {
      const redis = connections[0];
      if (!redis || (await redis.ping()) !== 'PONG') throw new Error('redis did not answer');
    },
    async close() {
      for (const controller of controllers) controller.abort();
      await Promise.allSettled(workers.map((worker) => worker.close()));
      await Promise.allSettled([...queues.values()].map((queue) => queue.close()));
      // QUIT waits for Redis to answer; a hung server would hold the shutdown forever.
      await Promise.allSettled(
        connections.map((redis) =>
          Promise.race([
            redis.quit(),
            new Promise<void>((resolve) => setTimeout(resolve, 1000).unref()).then(() => redis.disconnect()),
          ]),
        ),
      );
    },
  };
}
