/** Request and response schemas of account-service: validation, types and OpenAPI from one place. */
import { instagramSessionStatusSchema, roleSchema } from '@smh/shared';
import { z } from 'zod';

export const usernameSchema = z
  .string()
  .trim()
  .min(3, 'must be at least 3 characters')
  .max(32, 'must be at most 32 characters')
  .regex(/^[A-Za-z0-9_.-]+$/, 'may contain only letters, digits, "_", "." and "-"');
export const passwordSchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(256, 'must be at most 256 characters');

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
  /** The UI language the user chose; absent when they never chose (the UI follows the browser). */
  locale: z.string().optional(),
});
export type PublicUser = z.infer<typeof userSchema>;

export const credentialsSchema = z.object({ username: usernameSchema, password: passwordSchema });
/** Login accepts any non-empty strings: rules for new passwords must not lock out existing ones. */
export const loginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
export const refreshSchema = z.object({ refreshToken: z.string().min(1).max(256) });
/** /refresh and /logout: the token in the body (API clients) or, when absent, in the web UI's httpOnly cookie. */
export const refreshBodySchema = z
  .object({
    refreshToken: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe('The refresh token; the web UI leaves it out and sends its httpOnly cookie instead'),
  })
  .nullish();
export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
});

export const authResultSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int(),
  user: userSchema,
});
export type AuthResult = z.infer<typeof authResultSchema>;
/** UI languages the web UI ships; null forgets the choice. */
export const UI_LOCALES = ['en', 'zh-CN'] as const;
export const updateMeSchema = z.object({ locale: z.enum(UI_LOCALES).nullable() }).strict();

export const userEnvelopeSchema = z.object({ user: userSchema });
export const authStatusSchema = z.object({ hasUsers: z.boolean(), openRegistration: z.boolean() });

export const createUserSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  role: roleSchema.default('user'),
});
export const updateUserSchema = z
  .object({ disabled: z.boolean().optional(), role: roleSchema.optional() })
  .refine((patch) => patch.disabled !== undefined || patch.role !== undefined, {
    message: 'give "disabled" and/or "role"',
  });
export const userListSchema = z.object({ items: z.array(userSchema) });

export const createApiKeySchema = z.object({ name: z.string().trim().min(1, 'must not be empty').max(100) });
export const apiKeySchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export const createdApiKeySchema = apiKeySchema.extend({ key: z.string() });
export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) });

export const createSessionSchema = z.union([
  z.object({ sessionid: z.string().min(1).max(512) }).strict(),
  z.object({ cookies: z.string().min(1).max(1_000_000) }).strict(),
]);
export const instagramSessionSchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  username: z.string().nullable(),
  status: instagramSessionStatusSchema,
  statusReason: z.string().nullable(),
  createdAt: z.string(),
  lastCheckedAt: z.string().nullable(),
});
export type PublicInstagramSession = z.infer<typeof instagramSessionSchema>;
export const sessionListSchema = z.object({ items: z.array(instagramSessionSchema) });
