/** Opaque secrets handed to users (refresh tokens, API keys) and how they are stored: keyed hashes only. */
import { randomBytes } from 'node:crypto';
import { deriveKey, keyedHash } from '@smh/shared';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;
export const API_KEY_PREFIX = 'smh_';

export interface CredentialHasher {
  hashRefreshToken(token: string): string;
  hashApiKey(key: string): string;
}

export function createCredentialHasher(secret: string): CredentialHasher {
  const refreshKey = deriveKey(secret, 'refresh-token-hash');
  const apiKeyKey = deriveKey(secret, 'api-key-hash');
  return {
    hashRefreshToken: (token) => keyedHash(refreshKey, token),
    hashApiKey: (key) => keyedHash(apiKeyKey, key),
  };
}

export const newRefreshToken = (): string => randomBytes(32).toString('base64url');
export const newApiKey = (): string => `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
