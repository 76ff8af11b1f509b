/**
 * The library's operations that touch the catalog AND the storage (and announce the change): registering a
 * stored file, storing an upload, updating facts, deleting. Routes stay thin; adapters are passed in.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { AppError, UnsafePathError, badRequest, conflict, notFound, validateKey } from '@smh/shared';
import type { Clock, EventBus, JobQueue, Logger, MediaStorage, RegisterFile, UpdateFile } from '@smh/shared';
import { DuplicateFileError, type Catalog, type NewFile } from './adapters/catalog.js';
import { imageDimensions } from './adapters/thumbnailer.js';
import type { ReceivedFile } from './adapters/upload-receiver.js';
import type { FileRow } from './domain/file-record.js';
import { safeFileName, uploadStorageKey, withDetectedExtension } from './domain/file-names.js';
import { typeFromMime, type SniffedMedia } from './domain/media-sniffer.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface LibraryDeps {
  catalog: Catalog;
  storage: MediaStorage;
  events: EventBus;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
}

/** A key that services may point the catalog at: safe, and not a hidden/temporary area of the library. */
function checkedKey(field: string, key: string): string {
  try {
    validateKey(key);
  } catch (error) {
    throw badRequest(
      `${field} "${key}" is not a safe storage key: ${(error as Error).message}.`,
      { field },
      'UNSAFE_STORAGE_KEY',
    );
  }
  if (key.split('/').some((segment) => segment.startsWith('.'))) {
    throw badRequest(
      `${field} "${key}" points into a hidden or temporary area of the library.`,
      { field },
      'UNSAFE_STORAGE_KEY',
    );
  }
  return key;
}

async function statKey(storage: MediaStorage, field: string, key: string) {
  try {
    return await storage.stat(checkedKey(field, key));
  } catch (error) {
    if (error instanceof UnsafePathError)
      throw badRequest(
        `${field} "${key}" is refused by the storage: ${error.message}.`,
        { field },
        'UNSAFE_STORAGE_KEY',
      );
    throw error;
  }
}

function duplicate(error: DuplicateFileError): AppError {
  return conflict(`The file cannot be registered: ${error.message}.`, { constraint: error.constraint });
}

export type Library = ReturnType<typeof createLibrary>;
export type RegisterOutcome = { file: FileRow } | { error: AppError };

export function createLibrary(deps: LibraryDeps) {
  const { catalog, storage, events, queue, clock, logger } = deps;

  async function insert(file: NewFile): Promise<FileRow> {
    try {
      const row = await catalog.insert(file);
      await events.publish('file.created', { id: row.id, ownerId: row.owner_id });
      return row;
    } catch (error) {
      if (!(error instanceof DuplicateFileError)) throw error;
      const repeated = error.constraint === 'storage_key' ? await sameRegistration(file) : undefined;
      if (repeated) return repeated;
      throw duplicate(error);
    }
  }

  /**
   * A registration sent again (its answer was lost, or a retried job got there first) is answered with the file it
   * made: same key, owner, bytes and origin. Anything else under that key is a conflict.
   */
  async function sameRegistration(file: NewFile): Promise<FileRow | undefined> {
    const row = await catalog.byStorageKey(file.storageKey);
    if (!row) return undefined;
    const same =
      row.owner_id === file.ownerId &&
      row.sha256 === file.sha256 &&
      row.size === file.size &&
      row.origin_kind === file.origin.kind &&
      row.origin_id === (file.origin.id ?? null);
    return same ? row : undefined;
  }

  /** Removes storage objects after their row is gone; a failure is logged, never resurrects the row. */
  async function removeObjects(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      await storage
        .remove(key)
        .catch((error: unknown) => logger.warn({ err: error, key }, 'could not remove a storage object'));
    }
  }

  /** The checks of a registration (link ids, stored key and size, sidecar key, date); the row to insert. */
  async function checkedRegistration(input: RegisterFile): Promise<NewFile> {
    const badLink = input.derivedFrom?.find((id) => !UUID.test(id));
    if (badLink !== undefined)
      throw badRequest(`derivedFrom must list file ids (UUIDs); "${badLink}" is not one.`, { field: 'derivedFrom' });
    const stored = await statKey(storage, 'storageKey', input.storageKey);
    if (!stored)
      throw badRequest(
        `storageKey "${input.storageKey}" does not exist in the library.`,
        { field: 'storageKey' },
        'STORAGE_OBJECT_MISSING',
      );
    if (stored.size !== input.size) {
      throw badRequest(
        `storageKey "${input.storageKey}" holds ${stored.size} bytes, not the ${input.size} declared.`,
        { stored: stored.size, declared: input.size },
        'SIZE_MISMATCH',
      );
    }
    if (input.sidecarKey) checkedKey('sidecarKey', input.sidecarKey);
    if (input.source?.takenAt && Number.isNaN(Date.parse(input.source.takenAt))) {
      throw badRequest(`source.takenAt "${input.source.takenAt}" is not a date.`, { field: 'source.takenAt' });
    }
    return { ...input, id: randomUUID(), type: typeFromMime(input.mime), createdAt: clock.now() };
  }

  return {
    /** POST /internal/files: the bytes are already committed; the key must exist with exactly this size. */
    async register(input: RegisterFile): Promise<FileRow> {
      return insert(await checkedRegistration(input));
    },

    /**
     * POST /internal/files/batch: each file is checked and registered on its own terms (one refusal leaves the
     * others registered), with one INSERT for all that pass. Results keep the order of `inputs`.
     */
    async registerMany(inputs: readonly RegisterFile[]): Promise<RegisterOutcome[]> {
      const outcomes: RegisterOutcome[] = [];
      const checked: { index: number; file: NewFile }[] = [];
      for (const [index, input] of inputs.entries()) {
        try {
          checked.push({ index, file: await checkedRegistration(input) });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          outcomes[index] = { error };
        }
      }
      const inserted = new Map(
        (await catalog.insertMany(checked.map((entry) => entry.file))).map((row) => [row.id, row]),
      );
      for (const { index, file } of checked) {
        const row = inserted.get(file.id);
        if (row) {
          await events.publish('file.created', { id: row.id, ownerId: row.owner_id });
          outcomes[index] = { file: row };
          continue;
        }
        // Refused by a unique constraint: the single insert names which one.
        try {
          outcomes[index] = { file: await insert(file) };
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          outcomes[index] = { error };
        }
      }
      return outcomes;
    },

    /** POST /api/files: commits a received, sniffed upload under uploads/<owner>/ and catalogues it. */
    async storeUpload(upload: {
      ownerId: string;
      claimedName: string;
      received: ReceivedFile;
      media: SniffedMedia;
    }): Promise<FileRow> {
      const { ownerId, received, media } = upload;
      const name = withDetectedExtension(safeFileName(upload.claimedName, 'upload'), media.mime, media.extension);
      const now = clock.now();
      const dimensions = media.type === 'image' ? await imageDimensions(received.tempPath) : undefined;
      let key = '';
      for (let attempt = 0; ; attempt += 1) {
        key = await storage.availableKey(uploadStorageKey(ownerId, now, name));
        try {
          await storage.commit(received.tempPath, key);
          break;
        } catch (error) {
          // Another upload took the same name in between: pick the next free one.
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) {
            await fs.rm(received.tempPath, { force: true });
            throw error;
          }
        }
      }
      try {
        const row = await insert({
          id: randomUUID(),
          ownerId,
          name,
          mime: media.mime,
          type: media.type,
          size: received.size,
          sha256: received.sha256,
          width: dimensions?.width,
          height: dimensions?.height,
          storageKey: key,
          origin: { kind: 'upload', id: null },
          createdAt: now,
        });
        if (row.type === 'video')
          await queue.enqueue('media.analyze', { fileId: row.id }, { key: `media.analyze:${row.id}`, group: ownerId });
        return row;
      } catch (error) {
        await removeObjects([key]);
        throw error;
      }
    },

    /** PATCH /internal/files/:id. A replaced thumbnail that nothing else uses is removed from storage. */
    async update(id: string, patch: UpdateFile): Promise<FileRow> {
      if (patch.thumbnailKey) {
        const stored = await statKey(storage, 'thumbnailKey', patch.thumbnailKey);
        if (!stored)
          throw badRequest(
            `thumbnailKey "${patch.thumbnailKey}" does not exist in the library.`,
            { field: 'thumbnailKey' },
            'STORAGE_OBJECT_MISSING',
          );
      }
      const result = await catalog.update(id, patch);
      if (!result) throw notFound('File');
      const previous = result.before.thumbnail_key;
      if (previous && previous !== result.after.thumbnail_key && !(await catalog.keyInUse(previous)))
        await removeObjects([previous]);
      await events.publish('file.updated', { id, ownerId: result.after.owner_id });
      return result.after;
    },

    /** DELETE /api/files/:id: the row goes in one transaction, then its bytes, sidecar and thumbnail. */
    async remove(id: string, ownerId: string | null): Promise<void> {
      const removed = await catalog.remove(id, ownerId);
      if (!removed) throw notFound('File');
      await removeObjects(removed.unusedKeys);
      await events.publish('file.deleted', { id, ownerId: removed.row.owner_id });
    },
  };
}
