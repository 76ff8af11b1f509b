import type { JobHandlers, JobName, JobPayload } from './jobs.js';

export interface EnqueueOptions {
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** De-duplication key: while a job with this key is waiting or running, enqueueing it again is a no-op. */
  key?: string;
  /**
   * Whose job this is (a user id). Jobs are picked fairly between groups: a group with fewer jobs running (embedded)
   * or open (BullMQ) in its queue goes first, so one user's backlog never keeps another user's job waiting for all
   * of it.
   */
  group?: string;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

export interface WorkerOptions {
  /** Jobs of one queue processed at once by this process. */
  concurrency?: Partial<Record<string, number>>;
}

export interface JobQueue {
  readonly kind: 'embedded' | 'bullmq';
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options?: EnqueueOptions): Promise<string>;
  /**
   * Queues several jobs of one kind with the same options at once (one statement on the embedded queue), in order.
   * Every payload is validated first: one bad payload queues none. No de-duplication key.
   */
  enqueueMany<N extends JobName>(
    name: N,
    payloads: readonly JobPayload<N>[],
    options?: Omit<EnqueueOptions, 'key'>,
  ): Promise<void>;
  /** Starts processing the queues of these handlers. Call once per process with all its handlers. */
  work(handlers: JobHandlers, options?: WorkerOptions): Promise<void>;
  counts(): Promise<Record<string, QueueCounts>>;
  ping(): Promise<void>;
  /** Stops taking jobs, aborts running handlers' signals, waits for them, closes connections. */
  close(): Promise<void>;
}

/**
 * A job that was running and runs again: its worker was lost (lease or lock ran out) and another one takes it
 * over, or the only process restarted. `payload` names what the job is about (downloadId, jobId …).
 */
export type JobRecoveryListener = (event: {
  queue: string;
  name: JobName | string;
  jobId: string;
  reason: 'worker-lost' | 'restart';
  payload: Record<string, unknown>;
}) => void;

export type JobOutcomeListener = (event: {
  queue: string;
  name: JobName;
  outcome: 'completed' | 'failed' | 'retried';
  error?: string;
}) => void;
