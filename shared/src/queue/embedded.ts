import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Database } from '../db/types.js';
import { currentTraceCarrier, runInJobSpan } from '../tracing.js';
import {
  backoffDelay,
  jobDefinitions,
  PermanentJobError,
  QUEUE_NAMES,
  type JobHandler,
  type JobHandlers,
  type JobName,
  type JobPayload,
} from './jobs.js';
import type {
  EnqueueOptions,
  JobOutcomeListener,
  JobQueue,
  JobRecoveryListener,
  QueueCounts,
  WorkerOptions,
} from './types.js';

const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS smh_queue;
CREATE TABLE IF NOT EXISTS smh_queue.jobs (
  id uuid PRIMARY KEY,
  queue text NOT NULL,
  name text NOT NULL,
  payload jsonb NOT NULL,
  key text,
  status text NOT NULL CHECK (status IN ('waiting', 'active', 'completed', 'failed')),
  attempt int NOT NULL DEFAULT 0,
  max_attempts int NOT NULL,
  run_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS jobs_ready ON smh_queue.jobs (queue, status, run_at);
ALTER TABLE smh_queue.jobs ADD COLUMN IF NOT EXISTS group_key text;
ALTER TABLE smh_queue.jobs ADD COLUMN IF NOT EXISTS fair_rank int NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS jobs_open_group ON smh_queue.jobs (queue, group_key) WHERE status IN ('waiting', 'active');
CREATE INDEX IF NOT EXISTS jobs_fair_ready ON smh_queue.jobs (queue, status, fair_rank, run_at, created_at);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_open_key ON smh_queue.jobs (key) WHERE key IS NOT NULL AND status IN ('waiting', 'active');
`;

interface RecoveredRow {
  id: string;
  queue: string;
  name: string;
  payload: Record<string, unknown>;
}

interface JobRow {
  id: string;
  queue: string;
  name: JobName;
  payload: unknown;
  attempt: number;
  max_attempts: number;
}

export interface EmbeddedQueueOptions {
  db: Database;
  /** How long a claimed job stays reserved without a heartbeat before another worker may take it. */
  leaseMs?: number;
  pollMs?: number;
  /** Reset every job left 'active' at start: right when this process is the only worker (PGlite). */
  recoverAllOnStart?: boolean;
  onRecovered?: JobRecoveryListener;
  onOutcome?: JobOutcomeListener;
  /** Multiplies every retry delay (tests use a small value). */
  backoffScale?: number;
}

/**
 * A durable job queue stored in the hub's own database: jobs survive restarts, retries back off
 * exponentially, delayed jobs wait for their time. Workers claim jobs with FOR UPDATE SKIP LOCKED and hold a
 * renewable lease, so several processes on one PostgreSQL server never run a job twice at once.
 */
/** SQL: how many jobs of a group are open (waiting or running) in a queue; a job's fairness rank counts them. */
const openJobsOfGroup = (queue: string, group: string) =>
  `(SELECT count(*) FROM smh_queue.jobs open
     WHERE open.queue = ${queue} AND open.group_key = ${group} AND open.status IN ('waiting', 'active'))`;

export async function createEmbeddedQueue(options: EmbeddedQueueOptions): Promise<JobQueue> {
  const { db } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 500;
  await db.exec(SCHEMA);
  await db.query(`DELETE FROM smh_queue.jobs WHERE status = 'completed' AND updated_at < now() - interval '1 day'`);

  const reportRecovered = (row: RecoveredRow, reason: 'worker-lost' | 'restart') =>
    options.onRecovered?.({ queue: row.queue, name: row.name, jobId: row.id, reason, payload: row.payload });

  const wake = new EventEmitter();
  wake.setMaxListeners(0);
  const shutdown = new AbortController();
  const running = new Set<Promise<void>>();
  let working = false;

  /**
   * The next ready job: lowest fair rank first (see enqueue), then the oldest. One index read, however long the
   * queue (ordering by live per-group counts instead took seconds per claim with thousands of jobs waiting).
   */
  async function claim(queue: string): Promise<JobRow | undefined> {
    const { rows } = await db.query<JobRow>(
      `UPDATE smh_queue.jobs SET status = 'active', attempt = attempt + 1, updated_at = now(),
              locked_until = now() + make_interval(secs => $2::float8 / 1000)
        WHERE id = (SELECT id FROM smh_queue.jobs
                     WHERE queue = $1 AND status = 'waiting' AND run_at <= now()
                     ORDER BY fair_rank, run_at, created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, queue, name, payload, attempt, max_attempts`,
      [queue, leaseMs],
    );
    return rows[0];
  }

  async function execute(job: JobRow, handler: JobHandler<JobName>): Promise<void> {
    const heartbeat = setInterval(
      () => {
        void db
          .query(
            `UPDATE smh_queue.jobs SET locked_until = now() + make_interval(secs => $2::float8 / 1000) WHERE id = $1 AND status = 'active'`,
            [job.id, leaseMs],
          )
          .catch(() => undefined);
      },
      Math.max(1000, leaseMs / 3),
    );
    try {
      const payload = jobDefinitions[job.name].payload.parse(job.payload) as JobPayload<JobName>;
      const carrier = (job.payload as { _trace?: Record<string, string> })._trace;
      await runInJobSpan(
        jobDefinitions[job.name].owner,
        job.name,
        carrier,
        { 'smh.job.id': job.id, 'smh.job.attempt': job.attempt },
        () =>
          handler(payload, {
            jobId: job.id,
            attempt: job.attempt,
            maxAttempts: job.max_attempts,
            signal: shutdown.signal,
          }),
      );
      await db.query(
        `UPDATE smh_queue.jobs SET status = 'completed', locked_until = NULL, last_error = NULL, updated_at = now() WHERE id = $1`,
        [job.id],
      );
      options.onOutcome?.({ queue: job.queue, name: job.name, outcome: 'completed' });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (shutdown.signal.aborted) {
        // Interrupted by shutdown: give the attempt back so the job runs again after restart.
        await db
          .query(
            `UPDATE smh_queue.jobs SET status = 'waiting', attempt = attempt - 1, locked_until = NULL, updated_at = now() WHERE id = $1`,
            [job.id],
          )
          .catch(() => undefined);
        return;
      }
      const final = error instanceof PermanentJobError || job.attempt >= job.max_attempts;
      const delay = backoffDelay(jobDefinitions[job.name], job.attempt, options.backoffScale);
      await db.query(
        `UPDATE smh_queue.jobs SET status = $2, last_error = $3, locked_until = NULL, updated_at = now(),
                run_at = now() + make_interval(secs => $4::float8 / 1000) WHERE id = $1`,
        [job.id, final ? 'failed' : 'waiting', message, final ? 0 : delay],
      );
      options.onOutcome?.({ queue: job.queue, name: job.name, outcome: final ? 'failed' : 'retried', error: message });
      if (!final) setTimeout(() => wake.emit(job.queue), delay + 5).unref();
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function runQueue(queue: string, handlers: JobHandlers, concurrency: number): Promise<void> {
    const active = new Set<Promise<void>>();
    while (!shutdown.signal.aborted) {
      if (active.size >= concurrency) {
        await Promise.race(active);
        continue;
      }
      let job: JobRow | undefined;
      try {
        job = await claim(queue);
      } catch {
        job = undefined; // database briefly unreachable: try again after the poll interval
      }
      if (!job) {
        await waitForWork(queue);
        continue;
      }
      const handler = handlers[job.name] as JobHandler<JobName> | undefined;
      if (!handler) {
        await db.query(
          `UPDATE smh_queue.jobs SET status = 'waiting', attempt = attempt - 1, locked_until = NULL WHERE id = $1`,
          [job.id],
        );
        await waitForWork(queue);
        continue;
      }
      const task = execute(job, handler).finally(() => {
        active.delete(task);
        running.delete(task);
      });
      active.add(task);
      running.add(task);
    }
  }

  function waitForWork(queue: string): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake.off(queue, done);
        shutdown.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      wake.on(queue, done);
      shutdown.signal.addEventListener('abort', done);
    });
  }

  const loops: Promise<void>[] = [];

  return {
    kind: 'embedded',
    async enqueue(name, payload, enqueueOptions: EnqueueOptions = {}) {
      const definition = jobDefinitions[name];
      const data = definition.payload.parse(payload);
      const id = randomUUID();
      // Fairness between groups (users): a job's rank is how many jobs its group has open in the queue, itself
      // included, and lower ranks run first. A user's first job goes before the second job of everyone's backlog,
      // whoever queued first; jobs without a group (rank 0) are never held back by anyone's backlog.
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO smh_queue.jobs (id, queue, name, payload, key, status, max_attempts, run_at, group_key, fair_rank)
         VALUES ($1, $2, $3, $4, $5, 'waiting', $6, now() + make_interval(secs => $7::float8 / 1000), $8::text,
                 CASE WHEN $8::text IS NULL THEN 0 ELSE ${openJobsOfGroup('$2', '$8::text')} + 1 END)
         ON CONFLICT (key) WHERE key IS NOT NULL AND status IN ('waiting', 'active') DO NOTHING
         RETURNING id`,
        [
          id,
          definition.queue,
          name,
          JSON.stringify({ ...data, _trace: currentTraceCarrier() }),
          enqueueOptions.key ?? null,
          definition.attempts,
          enqueueOptions.delayMs ?? 0,
          enqueueOptions.group ?? null,
        ],
      );
      if (rows[0]) {
        if (enqueueOptions.delayMs) setTimeout(() => wake.emit(definition.queue), enqueueOptions.delayMs + 5).unref();
        else wake.emit(definition.queue);
        return rows[0].id;
      }
      const existing = await db.query<{ id: string }>(
        `SELECT id FROM smh_queue.jobs WHERE key = $1 AND status IN ('waiting', 'active')`,
        [enqueueOptions.key],
      );
      return existing.rows[0]?.id ?? id;
    },
    async enqueueMany(name, payloads, enqueueOptions = {}) {
      if (payloads.length === 0) return;
      const definition = jobDefinitions[name];
      const trace = currentTraceCarrier();
      const bodies = payloads.map((payload) => JSON.stringify({ ...definition.payload.parse(payload), _trace: trace }));
      // The same fairness as enqueue: each job's rank counts its group's open jobs, the batch's earlier ones included.
      await db.query(
        `INSERT INTO smh_queue.jobs (id, queue, name, payload, key, status, max_attempts, run_at, group_key, fair_rank)
         SELECT job.id, $1, $2, job.payload::jsonb, NULL, 'waiting', $3,
                now() + make_interval(secs => $4::float8 / 1000), $5::text,
                CASE WHEN $5::text IS NULL THEN 0 ELSE (${openJobsOfGroup('$1', '$5::text')} + job.n)::int END
           FROM unnest($6::uuid[], $7::text[]) WITH ORDINALITY AS job(id, payload, n)`,
        [
          definition.queue,
          name,
          definition.attempts,
          enqueueOptions.delayMs ?? 0,
          enqueueOptions.group ?? null,
          payloads.map(() => randomUUID()),
          bodies,
        ],
      );
      if (enqueueOptions.delayMs) setTimeout(() => wake.emit(definition.queue), enqueueOptions.delayMs + 5).unref();
      else wake.emit(definition.queue);
    },
    async work(handlers, workerOptions: WorkerOptions = {}) {
      if (working) throw new Error('work() was already called for this queue');
      working = true;
      if (options.recoverAllOnStart) {
        const restarted = await db.query<RecoveredRow>(
          `UPDATE smh_queue.jobs SET status = 'waiting', attempt = GREATEST(attempt - 1, 0), locked_until = NULL
            WHERE status = 'active' RETURNING id, queue, name, payload`,
        );
        for (const row of restarted.rows) reportRecovered(row, 'restart');
      }
      const recover = setInterval(() => {
        void db
          .query<RecoveredRow>(
            `UPDATE smh_queue.jobs SET status = 'waiting', locked_until = NULL
              WHERE status = 'active' AND locked_until < now() RETURNING id, queue, name, payload`,
          )
          .then((lost) => {
            for (const row of lost.rows) reportRecovered(row, 'worker-lost');
          })
          .catch(() => undefined);
      }, leaseMs);
      recover.unref();
      shutdown.signal.addEventListener('abort', () => clearInterval(recover));
      const queues = new Set(Object.keys(handlers).map((name) => jobDefinitions[name as JobName].queue));
      for (const queue of queues) loops.push(runQueue(queue, handlers, workerOptions.concurrency?.[queue] ?? 2));
    },
    async counts() {
      const { rows } = await db.query<{ queue: string; state: keyof QueueCounts; n: number }>(
        `SELECT queue, CASE WHEN status = 'waiting' AND run_at > now() THEN 'delayed' ELSE status END AS state, count(*)::int AS n
           FROM smh_queue.jobs GROUP BY 1, 2`,
      );
      const result: Record<string, QueueCounts> = {};
      for (const queue of QUEUE_NAMES) result[queue] = { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 };
      for (const row of rows) {
        const counts = result[row.queue] ?? { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 };
        counts[row.state] = row.n;
        result[row.queue] = counts;
      }
      return result;
    },
    async ping() {
      await db.ping();
    },
    async close() {
      shutdown.abort();
      await Promise.allSettled([...running, ...loops]);
    },
  };
}
