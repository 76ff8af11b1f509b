/** Whose Instagram session an id names, asked of account-service (the owner of sessions). */
import { instagramSessionSecretSchema } from '@smh/shared/contracts/accounts';
import { AppError, badRequest } from '@smh/shared/http/errors';
import type { ServiceClient } from '@smh/shared/http/service-client';

export interface SessionOwnership {
  /** Throws 400 SESSION_NOT_FOUND unless the session exists and belongs to `ownerId`. */
  assertOwned(sessionId: string, ownerId: string): Promise<void>;
}

export function sessionOwnership(call: ServiceClient): SessionOwnership {
  return {
    async assertOwned(sessionId, ownerId) {
      try {
        const session = await call('account-service', {
          method: 'GET',
          path: `/internal/instagram/sessions/${encodeURIComponent(sessionId)}`,
          response: instagramSessionSecretSchema,
          timeoutMs: 5000,
        });
        if (session.ownerId === ownerId) return;
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 404) throw error;
      }
      // The same answer for "no such session" and "someone else's": ids of other users' sessions stay unknown.
      throw badRequest(
        `The Instagram session ${sessionId} does not exist (or is not yours).`,
        { field: 'sessionId', sessionId },
        'SESSION_NOT_FOUND',
      );
    },
  };
}
