/**
 * An item's two recorded steps (stored → done + archive row), written with group commit: the workers of one
 * download share one statement per step and group instead of one per item and step. Every step is still persisted
 * before the worker goes on (a committed file is `stored` before it is registered, so a crash after the commit
 * never downloads it twice). The transfer itself records nothing: its temp file's name follows from the item.
 * A database that is briefly away (a restart, a fail-over) delays these writes instead of failing finished work:
 * both statements are idempotent, so a write is retried while the error is a transient one (bounded in time).
 */
import { retryTransient, type TransientRetryOptions } from '@smh/shared';
import type { DoneItem, DownloadsRepository, StoredItem } from '../repository/downloads-repo.js';
import { DOWNLOAD_LINGER_MS } from '../domain/batch-linger.js';
import { groupCommit } from './group-commit.js';

export interface ItemStates {
  stored(item: StoredItem): Promise<void>;
  done(item: DoneItem): Promise<void>;
}

type StateRepository = Pick<DownloadsRepository, 'markItemsStored' | 'markItemsDone'>;

export function itemStates(
  repo: StateRepository,
  download: { id: string; ownerId: string },
  retry: TransientRetryOptions = {},
): ItemStates {
  return {
    stored: groupCommit((batch) => retryTransient(() => repo.markItemsStored(download.id, batch), retry), {
      lingerMs: DOWNLOAD_LINGER_MS,
    }),
    done: groupCommit((batch) => retryTransient(() => repo.markItemsDone(download, batch), retry), {
      lingerMs: DOWNLOAD_LINGER_MS,
    }),
  };
}
