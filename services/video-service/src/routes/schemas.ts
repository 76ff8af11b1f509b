/** Response and query schemas of the video job routes: validation, types and OpenAPI from one definition. */
import { z } from 'zod';
import { VIDEO_OPERATIONS } from '../domain/job-request.js';
import { JOB_STATUSES, type JobStatus, type VideoJob } from '../repository/jobs.js';

const statusSchema = z.enum(JOB_STATUSES as [JobStatus, ...JobStatus[]]);

export const jobViewSchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  operation: z.enum(VIDEO_OPERATIONS),
  status: statusSchema,
  /** 0..1, never backwards; 1 once completed. */
  progress: z.number(),
  inputs: z.array(z.string()),
  options: z.record(z.string(), z.unknown()),
  outputFileIds: z.array(z.string()),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** A cancel was asked for while the job ran; it stops within moments. */
  cancelRequested: z.boolean(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type JobView = z.infer<typeof jobViewSchema>;

export const acceptedJobSchema = z.object({ id: z.string(), status: statusSchema });
export const jobListSchema = z.object({ items: z.array(jobViewSchema), nextCursor: z.string().nullable() });

export const listJobsQuerySchema = z.object({
  status: statusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});

export function toJobView(job: VideoJob): JobView {
  return {
    id: job.id,
    ownerId: job.ownerId,
    operation: job.operation,
    status: job.status,
    progress: job.progress,
    inputs: job.inputs,
    options: job.options,
    outputFileIds: job.outputFileIds,
    ...(job.result === null ? {} : { result: job.result }),
    ...(job.error === null ? {} : { error: job.error }),
    cancelRequested: job.cancelRequestedAt !== null && job.status === 'running',
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
