/** file-service's internal routes, as video-service uses them: read a file, register an output, record facts. */
import { z } from 'zod';
import {
  AppError,
  fileLookupResultSchema,
  internalFileSchema,
  type InternalFile,
  type RegisterFile,
  type ServiceClient,
  type UpdateFile,
} from '@smh/shared';

const envelope = z.object({ file: internalFileSchema });
const listEnvelope = z.object({ items: z.array(internalFileSchema) });

export interface FileCatalog {
  /** undefined when the file does not exist (any owner). */
  get(id: string, requestId?: string): Promise<InternalFile | undefined>;
  /** The files of these ids that exist, any owner (unknown ids are left out). */
  getMany(ids: readonly string[], requestId?: string): Promise<InternalFile[]>;
  register(file: RegisterFile, requestId?: string): Promise<InternalFile>;
  update(id: string, patch: UpdateFile, requestId?: string): Promise<InternalFile>;
  findBySha256(ownerId: string, sha256: string): Promise<InternalFile | undefined>;
}

export function createFileCatalog(call: ServiceClient): FileCatalog {
  return {
    async get(id, requestId) {
      try {
        const { file } = await call('file-service', {
          path: `/internal/files/${encodeURIComponent(id)}`,
          response: envelope,
          requestId,
        });
        return file;
      } catch (error) {
        if (error instanceof AppError && error.status === 404) return undefined;
        throw error;
      }
    },
    async getMany(ids, requestId) {
      if (ids.length === 0) return [];
      const query = new URLSearchParams({ ids: [...new Set(ids)].join(',') });
      return (await call('file-service', { path: `/internal/files?${query}`, response: listEnvelope, requestId }))
        .items;
    },
    async register(file, requestId) {
      return (
        await call('file-service', {
          method: 'POST',
          path: '/internal/files',
          body: file,
          response: envelope,
          requestId,
        })
      ).file;
    },
    async update(id, patch, requestId) {
      return (
        await call('file-service', {
          method: 'PATCH',
          path: `/internal/files/${encodeURIComponent(id)}`,
          body: patch,
          response: envelope,
          requestId,
        })
      ).file;
    },
    async findBySha256(ownerId, sha256) {
      const query = new URLSearchParams({ ownerId, sha256 });
      const { file } = await call('file-service', {
        path: `/internal/files/lookup?${query}`,
        response: fileLookupResultSchema,
      });
      return file ?? undefined;
    },
  };
}
