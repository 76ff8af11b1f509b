import { z } from 'zod';
import { retryDelay } from '../backoff.js';
import type { BackendServiceName } from '../config.js';

/**
 * Every job of the hub: its queue, payload schema, retry policy and the ONE service that handles it.
 *
 * The pipeline, end to end:
 *   POST /api/downloads ─► download.run (download-service: fetch media, register files)
 *        └─► media.analyze per stored file (video-service: probe, poster/thumbnail, update the catalog)
 *              └─► events: download.completed, file.created ─► /api/events (SSE) for the owner; file.updated for services
 *   POST /api/videos/jobs ─► video.process (video-service) ─► output files registered ─► video.completed
 *   scheduler tick ─► download.run (kind profile, incremental) ─► subscription.run event
 *   media.new / *.failed / session.expired ─► notification.deliver per target (scheduler-service: webhook, push, e-mail)
 *
 * Job payloads carry ids only: the owning service's database holds the job's state.
 */
export const jobDefinitions = {
  'download.run': {
    queue: 'downloads',
    owner: 'download-service',
    payload: z.object({ downloadId: z.string().uuid(), requestId: z.string().optional() }),
    attempts: 3,
    backoffMs: 5_000,
  },
  'media.analyze': {
    queue: 'media',
    owner: 'video-service',
    payload: z.object({ fileId: z.string().uuid(), requestId: z.string().optional() }),
    attempts: 3,
    backoffMs: 2_000,
  },
  'video.process': {
    queue: 'videos',
    owner: 'video-service',
    payload: z.object({ jobId: z.string().uuid(), requestId: z.string().optional() }),
    attempts: 2,
    backoffMs: 5_000,
  },
  'notification.deliver': {
    queue: 'notifications',
    owner: 'scheduler-service',
    payload: z.object({ deliveryId: z.string().uuid(), requestId: z.string().optional() }),
    attempts: 6,
    backoffMs: 10_000,
  },
} as const satisfies Record<string, JobDefinition>;

export interface JobDefinition {
  queue: string;
  owner: BackendServiceName;
  payload: z.ZodType;
  attempts: number;
  backoffMs: number;
}

export type JobName = keyof typeof jobDefinitions;
export type JobPayload<N extends JobName> = z.infer<(typeof jobDefinitions)[N]['payload']>;
export const JOB_NAMES = Object.keys(jobDefinitions) as JobName[];
export const QUEUE_NAMES = [...new Set(JOB_NAMES.map((name) => jobDefinitions[name].queue))];

export interface JobContext {
  jobId: string;
  /** 1 for the first run, 2 for the first retry … */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the queue shuts down; handlers stop early and the job is retried later. */
  signal: AbortSignal;
}

export type JobHandler<N extends JobName> = (payload: JobPayload<N>, context: JobContext) => Promise<void>;
export type JobHandlers = { [N in JobName]?: JobHandler<N> };

/** Thrown by a handler for a failure that no retry can fix (bad input, permanent upstream error). */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export function jobsOwnedBy(service: BackendServiceName): JobName[] {
  return JOB_NAMES.filter((name) => jobDefinitions[name].owner === service);
}

/**
 * Checked at start: each job of the given services has exactly one handler, and no handler is for a job
 * that does not exist or belongs to another service.
 */
export function assertHandlers(
  services: readonly BackendServiceName[],
  registrations: readonly { service: BackendServiceName; handlers: JobHandlers }[],
): void {
  const problems: string[] = [];
  const seen = new Map<string, BackendServiceName>();
  for (const { service, handlers } of registrations) {
    for (const name of Object.keys(handlers)) {
      if (!(name in jobDefinitions)) problems.push(`${service} registers a handler for unknown job "${name}"`);
      else if (jobDefinitions[name as JobName].owner !== service)
        problems.push(`${service} registers "${name}", which belongs to ${jobDefinitions[name as JobName].owner}`);
      const previous = seen.get(name);
      if (previous) problems.push(`job "${name}" has two handlers (${previous} and ${service})`);
      seen.set(name, service);
    }
  }
  for (const service of services) {
    for (const name of jobsOwnedBy(service)) {
      if (!seen.has(name)) problems.push(`job "${name}" has no handler in ${service}`);
    }
  }
  if (problems.length > 0) throw new Error(`Job handler check failed:\n  - ${problems.join('\n  - ')}`);
}

/** The delay BullMQ's `exponential` backoff gives (uncapped, no jitter), for the embedded queue to match it. */
export function backoffDelay(definition: Pick<JobDefinition, 'backoffMs'>, attempt: number, scale = 1): number {
  return retryDelay({ baseMs: definition.backoffMs * scale, maxMs: Number.POSITIVE_INFINITY }, attempt);
}
