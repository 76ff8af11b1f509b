/**
 * Cancelling a running job from any process: the route publishes `video.cancel-requested` on the event bus and
 * whichever process runs that job aborts its AbortController. (The worker also sees the database's
 * cancel_requested_at at its next progress write, should the event be missed.)
 */
import type { EventBus } from '@smh/shared';

export interface RunningJobs {
  /** Registers a job this process runs; `release()` when it is over. */
  track(jobId: string): { signal: AbortSignal; abort(): void; release(): void };
  requestCancel(jobId: string, ownerId: string): Promise<void>;
  /** Jobs of this process, for tests and diagnostics. */
  readonly size: number;
  close(): void;
}

export function createRunningJobs(events: EventBus): RunningJobs {
  const controllers = new Map<string, AbortController>();
  const unsubscribe = events.subscribe((event) => {
    if (event.name === 'video.cancel-requested')
      controllers.get(event.data.id)?.abort(new Error('canceled by the user'));
  });
  return {
    track(jobId) {
      const controller = new AbortController();
      controllers.set(jobId, controller);
      return {
        signal: controller.signal,
        abort: () => controller.abort(new Error('canceled by the user')),
        release: () => {
          if (controllers.get(jobId) === controller) controllers.delete(jobId);
        },
      };
    },
    async requestCancel(jobId, ownerId) {
      await events.publish('video.cancel-requested', { id: jobId, ownerId });
    },
    get size() {
      return controllers.size;
    },
    close() {
      // Running handlers are stopped by the queue's own signal on shutdown (and retried), not as cancels.
      unsubscribe();
    },
  };
}
