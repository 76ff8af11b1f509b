/**
 * What POST /api/videos/jobs learnt of a job's inputs from file-service, handed to the job when the same process
 * runs it soon after, so the job does not ask file-service for the same 20 files again. Only in this process
 * (another replica, a retry, a restart, or a job that waited longer than `maxAgeMs` asks file-service), and only
 * once per job. A file's storage key and content hash never change; a file deleted meanwhile is the race the job
 * already has with deletion after its own lookup.
 */
import type { Clock, InternalFile } from '@smh/shared';

export interface InputHandoff {
  leave(jobId: string, files: readonly InternalFile[]): void;
  /** The files left for this job, if they are recent enough; each hand-off is taken once. */
  take(jobId: string): readonly InternalFile[] | undefined;
}

export function createInputHandoff(options: { clock: Clock; maxAgeMs?: number; maxJobs?: number }): InputHandoff {
  const { clock } = options;
  const maxAgeMs = options.maxAgeMs ?? 10_000;
  const maxJobs = options.maxJobs ?? 200;
  const left = new Map<string, { files: readonly InternalFile[]; at: number }>();
  const fresh = (at: number) => clock.now().getTime() - at <= maxAgeMs;

  return {
    leave(jobId, files) {
      // Insertion order is age order: drop the stale ones, and the oldest beyond the bound.
      for (const [id, entry] of left) {
        if (fresh(entry.at) && left.size < maxJobs) break;
        left.delete(id);
      }
      left.set(jobId, { files, at: clock.now().getTime() });
    },
    take(jobId) {
      const entry = left.get(jobId);
      left.delete(jobId);
      return entry !== undefined && fresh(entry.at) ? entry.files : undefined;
    },
  };
}
