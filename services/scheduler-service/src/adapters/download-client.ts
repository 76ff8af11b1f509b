/** The two download-service routes the scheduler uses (contract: @smh/shared/contracts/downloads). */
import type { z } from 'zod';
import {
  internalDownloadSchema,
  internalProfileLookupSchema,
  internalSiteProbeSchema,
  type Include,
  type InternalProfileLookup,
  type InternalSiteProbe,
  type internalCreateDownloadSchema,
} from '@smh/shared/contracts/downloads';
import { AppError } from '@smh/shared/http/errors';
import type { ServiceClient } from '@smh/shared/http/service-client';
import { subscriptionUrl } from '../domain/target.js';

export type InternalDownload = z.infer<typeof internalDownloadSchema>;

export interface ProfileSyncRequest {
  runId: string;
  ownerId: string;
  subscriptionId: string;
  username: string;
  /** A page of another site (a yt-dlp collection): synced without Instagram's include and session. */
  sourceUrl: string | null;
  include: Include[];
  sessionId: string | null;
}

export interface DownloadClient {
  /** Asks for an incremental sync of a profile or site page; the run id is the idempotency key. */
  requestProfileSync(request: ProfileSyncRequest): Promise<InternalDownload>;
  /** The download's state, or null when download-service does not know it. */
  getDownload(downloadId: string): Promise<InternalDownload | null>;
  /**
   * Whether Instagram knows the profile (looked at with the owner's session when given). Never throws: when
   * download-service or Instagram cannot answer, the status is `unknown` and `message` says why.
   */
  lookupProfile(username: string, ownerId: string, sessionId: string | null): Promise<InternalProfileLookup>;
  /** Whether yt-dlp finds media on a page of another site. Never throws: `unknown` when it cannot be asked. */
  probeSite(url: string): Promise<InternalSiteProbe>;
}

export function createDownloadClient(call: ServiceClient): DownloadClient {
  return {
    requestProfileSync(request) {
      const body: z.input<typeof internalCreateDownloadSchema> = {
        ownerId: request.ownerId,
        url: subscriptionUrl(request),
        ...(request.sourceUrl === null ? { include: request.include, sessionId: request.sessionId } : {}),
        subscriptionId: request.subscriptionId,
        incremental: true,
        idempotencyKey: request.runId,
      };
      return call('download-service', {
        method: 'POST',
        path: '/internal/downloads',
        body,
        response: internalDownloadSchema,
        requestId: `subscription-run-${request.runId}`,
      });
    },
    async getDownload(downloadId) {
      try {
        return await call('download-service', {
          path: `/internal/downloads/${encodeURIComponent(downloadId)}`,
          response: internalDownloadSchema,
        });
      } catch (error) {
        if (error instanceof AppError && error.status === 404) return null;
        throw error;
      }
    },
    async lookupProfile(username, ownerId, sessionId) {
      const query = new URLSearchParams({ ownerId, ...(sessionId ? { sessionId } : {}) });
      try {
        return await call('download-service', {
          path: `/internal/profiles/${encodeURIComponent(username)}?${query.toString()}`,
          response: internalProfileLookupSchema,
        });
      } catch (error) {
        return { status: 'unknown', username, message: describeCallError(error).message };
      }
    },
    async probeSite(url) {
      try {
        return await call('download-service', {
          path: `/internal/sites/probe?${new URLSearchParams({ url }).toString()}`,
          response: internalSiteProbeSchema,
        });
      } catch (error) {
        return { status: 'unknown', site: new URL(url).hostname, message: describeCallError(error).message };
      }
    },
  };
}

/** Download-service being down, overloaded or restarting: worth trying again later. */
export function isTransientCallError(error: unknown): boolean {
  if (!(error instanceof AppError)) return true;
  return error.status >= 500 || error.status === 429 || error.status === 408;
}

export function describeCallError(error: unknown): { code: string; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return { code: 'DISPATCH_FAILED', message: error instanceof Error ? error.message : String(error) };
}
