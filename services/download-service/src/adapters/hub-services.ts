/** The other services download-service talks to: file-service (register, look up) and account-service (sessions). */
import {
  fileLookupResultSchema,
  instagramSessionSecretSchema,
  internalFileSchema,
  type InstagramSessionSecret,
  type InternalFile,
  type RegisterFile,
  type ServiceClient,
} from '@smh/shared';
import { z } from 'zod';
import { DOWNLOAD_LINGER_MS } from '../domain/batch-linger.js';
import { batchedRegistration } from './registration-batcher.js';

const fileListSchema = z.object({ items: z.array(internalFileSchema) });
const batchResultSchema = z.object({
  results: z.array(
    z.union([
      z.object({ file: internalFileSchema }),
      z.object({
        error: z.object({ status: z.number(), code: z.string(), message: z.string(), details: z.unknown() }),
      }),
    ]),
  ),
});
/** Files per POST /internal/files/batch (file-service accepts up to 200). */
export const FILES_PER_REGISTRATION = 100;
/** file-service answers at most this many media ids per lookup. */
export const MEDIA_IDS_PER_LOOKUP = 500;

export interface FileCatalog {
  register(file: RegisterFile, requestId?: string): Promise<InternalFile>;
  lookup(query: { ownerId: string; sha256?: string; mediaId?: string }): Promise<InternalFile | null>;
  /** The owner's files among `mediaIds` (any number; sent in chunks), unknown ids left out. */
  lookupMediaIds(ownerId: string, mediaIds: readonly string[]): Promise<InternalFile[]>;
}

export function fileCatalog(call: ServiceClient): FileCatalog {
  const register = batchedRegistration(
    async (files, requestId) => {
      const { results } = await call('file-service', {
        method: 'POST',
        path: '/internal/files/batch',
        body: { files },
        response: batchResultSchema,
        ...(requestId ? { requestId } : {}),
      });
      return results;
    },
    FILES_PER_REGISTRATION,
    { lingerMs: DOWNLOAD_LINGER_MS },
  );
  return {
    register,
    async lookup(query) {
      const params = new URLSearchParams({ ownerId: query.ownerId });
      if (query.sha256) params.set('sha256', query.sha256);
      if (query.mediaId) params.set('mediaId', query.mediaId);
      const result = await call('file-service', {
        path: `/internal/files/lookup?${params.toString()}`,
        response: fileLookupResultSchema,
      });
      return result.file;
    },
    async lookupMediaIds(ownerId, mediaIds) {
      const found: InternalFile[] = [];
      for (let start = 0; start < mediaIds.length; start += MEDIA_IDS_PER_LOOKUP) {
        const chunk = mediaIds.slice(start, start + MEDIA_IDS_PER_LOOKUP);
        const result = await call('file-service', {
          method: 'POST',
          path: '/internal/files/lookup',
          body: { ownerId, mediaIds: chunk },
          response: fileListSchema,
        });
        found.push(...result.items);
      }
      return found;
    },
  };
}

export interface SessionStore {
  get(sessionId: string): Promise<InstagramSessionSecret>;
  reportStatus(sessionId: string, status: 'active' | 'expired' | 'unverified', reason: string): Promise<void>;
}

export function sessionStore(call: ServiceClient): SessionStore {
  return {
    get: (sessionId) =>
      call('account-service', {
        path: `/internal/instagram/sessions/${encodeURIComponent(sessionId)}`,
        response: instagramSessionSecretSchema,
      }),
    async reportStatus(sessionId, status, reason) {
      await call('account-service', {
        method: 'POST',
        path: `/internal/instagram/sessions/${encodeURIComponent(sessionId)}/status`,
        body: { status, reason: reason.slice(0, 500) },
      });
    },
  };
}
