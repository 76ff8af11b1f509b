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

export class CancelRegistry {
  private readonly running = new Map<string, AbortController>();
  private readonly unsubscribe: () => void;

  constructor(events: EventBus) {
    this.unsubscribe = events.subscribe((event) => {
      if (event.name === 'download.cancel-requested') this.cancel(event.data.id);
    });
  }

  register(downloadId: string): AbortController {
    const controller = new AbortController();
    this.running.set(downloadId, controller);
    return controller;
  }

  unregister(downloadId: string, controller: AbortController): void {
    if (this.running.get(downloadId) === controller) this.running.delete(downloadId);
  }

  /** Aborts the download if this process runs it; true when it did. */
  cancel(downloadId: string): boolean {
    const controller = this.running.get(downloadId);
    if (!controller) return false;
    controller.abort(new CancelRequested(downloadId));
    return true;
  }

  close(): void {
    this.unsubscribe();
  }
}
