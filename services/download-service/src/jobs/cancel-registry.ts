/**
 * Running downloads of this process, each with an AbortController. A `download.cancel-requested` event from any
 * process aborts the local one, so a cancel reaches whichever process runs the transfer.
 */
import type { EventBus } from '@smh/shared';

export class CancelRequested extends Error {
  override readonly name = 'CancelRequested';
  constructor(readonly downloadId: string) {
    super(`Download ${downloadId} was canceled`);
  }
}

/** The run was taken over by a newer attempt of its job in this process (its queue lock had lapsed). */
export class RunSuperseded extends Error {
  override readonly name = 'RunSuperseded';
  constructor(readonly downloadId: string) {
    super(`Download ${downloadId} is run by a newer attempt of its job`);
  }
}

interface RunningDownload {
  controller: AbortController;
  settled: Promise<void>;
  settle(): void;
}

export class CancelRegistry {
  private readonly running = new Map<string, RunningDownload>();
  private readonly unsubscribe: () => void;

  constructor(events: EventBus) {
    this.unsubscribe = events.subscribe((event) => {
      if (event.name === 'download.cancel-requested') this.cancel(event.data.id);
    });
  }

  /**
   * Registers a run of `downloadId`. A run of it still going here (its job's lock lapsed, say while Redis was away,
   * and the queue handed the job out again) is stopped first and waited for: two runs never write the same temp
   * files or register the same file at once.
   */
  async register(downloadId: string): Promise<AbortController> {
    for (let previous = this.running.get(downloadId); previous; previous = this.running.get(downloadId)) {
      previous.controller.abort(new RunSuperseded(downloadId));
      await previous.settled;
    }
    let settle = (): void => undefined;
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const controller = new AbortController();
    this.running.set(downloadId, { controller, settled, settle });
    return controller;
  }

  unregister(downloadId: string, controller: AbortController): void {
    const current = this.running.get(downloadId);
    if (current?.controller !== controller) return;
    this.running.delete(downloadId);
    current.settle();
  }

  /** Aborts the download if this process runs it; true when it did. */
  cancel(downloadId: string): boolean {
    const current = this.running.get(downloadId);
    if (!current) return false;
    current.controller.abort(new CancelRequested(downloadId));
    return true;
  }

  close(): void {
    this.unsubscribe();
  }
}
