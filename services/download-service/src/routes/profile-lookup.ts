/**
 * GET /internal/profiles/:username: whether an Instagram profile exists, asked by scheduler-service before it
 * accepts a subscription. Always answers 200 with a status: a lookup that could not reach Instagram is `unknown`
 * (the caller decides what to do), never an error of this route.
 */
import {
  internalProfileLookupQuerySchema,
  internalProfileLookupSchema,
  requireService,
  type InternalProfileLookup,
  type ServiceApp,
} from '@smh/shared';
import { z } from 'zod';
import type { SessionStore } from '../adapters/hub-services.js';
import type { InstagramClient } from '../instagram/client.js';
import type { CookieMap } from '../instagram/cookies.js';
import { isInstagramError } from '../instagram/errors.js';

export interface ProfileLookupDeps {
  sessions: SessionStore;
  /** A client with tight limits: the lookup must answer in seconds. */
  instagram(cookies: CookieMap | undefined): InstagramClient;
}

const usernameParamsSchema = z.object({
  username: z
    .string()
    .regex(/^[A-Za-z0-9._]{1,30}$/, 'must be an Instagram username (letters, digits, "." and "_", up to 30)'),
});

/** Instagram's answer about one profile, classified (pure over the client: tested with the fake Instagram). */
export async function lookupProfile(client: InstagramClient, username: string): Promise<InternalProfileLookup> {
  try {
    const profile = await client.getProfile(username);
    return {
      status: profile.isPrivate ? 'private' : 'found',
      username: profile.username,
      fullName: profile.fullName || null,
    };
  } catch (error) {
    if (!isInstagramError(error)) throw error;
    if (error.code === 'NOT_FOUND') return { status: 'not_found', username, message: error.message };
    if (error.code === 'PRIVATE_PROFILE') return { status: 'private', username };
    return { status: 'unknown', username, message: error.message };
  }
}

export function registerProfileLookupRoute(app: ServiceApp, deps: ProfileLookupDeps): void {
  app.get(
    '/internal/profiles/:username',
    {
      preHandler: requireService,
      schema: {
        tags: ['internal'],
        hide: true,
        params: usernameParamsSchema,
        querystring: internalProfileLookupQuerySchema,
        response: { 200: internalProfileLookupSchema },
      },
    },
    async (request) => {
      const { username } = request.params;
      const { ownerId, sessionId } = request.query;
      let cookies: CookieMap | undefined;
      if (sessionId) {
        const session = await deps.sessions.get(sessionId).catch(() => null);
        // A session that cannot be used says nothing about the profile: the caller checks ownership itself.
        if (!session || session.ownerId !== ownerId)
          return { status: 'unknown' as const, username, message: 'The Instagram session could not be used' };
        cookies = session.cookies;
      }
      return lookupProfile(deps.instagram(cookies), username);
    },
  );
}
