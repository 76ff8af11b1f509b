import { z } from 'zod';
import { identitySchema } from '../auth/tokens.js';

export const instagramSessionStatusSchema = z.enum(['active', 'expired', 'unverified']);

/** GET /internal/instagram/sessions/:id (service token only): the decrypted cookies, for download-service. */
export const instagramSessionSecretSchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  username: z.string().nullable(),
  status: instagramSessionStatusSchema,
  cookies: z.record(z.string(), z.string()),
});
export type InstagramSessionSecret = z.infer<typeof instagramSessionSecretSchema>;

/** POST /internal/instagram/sessions/:id/status: a service learned that a session stopped working. */
export const instagramSessionStatusUpdateSchema = z.object({
  status: instagramSessionStatusSchema,
  reason: z.string().max(500).optional(),
});

/** POST /internal/auth/verify-api-key: the gateway resolves an API key to its user. */
export const verifyApiKeyRequestSchema = z.object({ key: z.string().min(1) });
export const verifyApiKeyResponseSchema = z.object({ identity: identitySchema.nullable() });
/** A signed-in user's current standing: their identity now (role changes included), or null when disabled or gone. */
export const verifyUserRequestSchema = z.object({ userId: z.string().min(1) });
export const verifyUserResponseSchema = z.object({ identity: identitySchema.nullable() });
