/**
 * Follows downloads until each one ends: live progress from the hub's event stream (/api/events), and a poll of
 * GET /api/downloads/:id as the record (an event missed while connecting loses nothing).
 */
import type { HubClient } from './client.js';
import type { DownloadView, Progress } from './types.js';

export const FINISHED = new Set(['completed', 'failed', 'canceled']);

export interface DownloadReporter {
  /** A newer state of a download; `speedBps` when the hub or the meter knows it. */
  update(view: DownloadView, speedBps: number | undefined): void;
  stop(): void;
}

interface ProgressEvent {
  id?: string;
  progress?: Progress;
  speedBps?: number;
}

/** Sleeps until a timeout or a wake-up; a wake-up while nobody sleeps makes the next sleep return at once. */
function createWaker() {
  let early = false;
  let resolveSleep: (() => void) | undefined;
  return {
    wake() {
      if (resolveSleep) resolveSleep();
      else early = true;
    },
    sleep(ms: number): Promise<void> {
      if (early) {
        early = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolveSleep?.(), ms);
        resolveSleep = () => {
          clearTimeout(timer);
          resolveSleep = undefined;
          resolve();
        };
      });
    },
  };
}

export async function watchDownloads(
  client: HubClient,
  initial: DownloadView[],
  reporter: DownloadReporter,
  options: { pollMs?: number; signal?: AbortSignal } = {},
): Promise<DownloadView[]> {
  const views = new Map(initial.map((view) => [view.id, view]));
  const pending = () => [...views.values()].filter((view) => !FINISHED.has(view.status));
  const waker = createWaker();
  const events = new AbortController();
  const stopEvents = () => {
    events.abort();
    waker.wake();
  };
  options.signal?.addEventListener('abort', stopEvents);

  const followEvents = async () => {
    // Once the stream is open, one poll catches whatever ended before it was.
    for await (const { event, data } of client.events(events.signal, () => waker.wake())) {
      const payload = data as ProgressEvent;
      const view = payload.id ? views.get(payload.id) : undefined;
      if (!view || FINISHED.has(view.status)) continue;
      if (event === 'download.progress' && payload.progress) {
        const next = { ...view, status: 'running' as const, progress: payload.progress };
        views.set(view.id, next);
        reporter.update(next, payload.speedBps);
      } else if (event.startsWith('download.')) {
        waker.wake();
      }
    }
  };
  const following = followEvents().catch(() => undefined); // the poll below still sees every outcome

  try {
    for (const view of initial) reporter.update(view, undefined);
    while (pending().length > 0) {
      if (options.signal?.aborted) throw options.signal.reason;
      await waker.sleep(options.pollMs ?? 1000);
      if (options.signal?.aborted) throw options.signal.reason;
      for (const view of pending()) {
        const fresh = await client.json<DownloadView>('GET', `/api/downloads/${encodeURIComponent(view.id)}`);
        views.set(view.id, fresh);
        reporter.update(fresh, undefined);
      }
    }
  } finally {
    stopEvents();
    options.signal?.removeEventListener('abort', stopEvents);
    await following;
    reporter.stop();
  }
  return initial.map((view) => views.get(view.id) ?? view);
}
