import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The hub's master secret: SMH_SECRET_KEY, or one generated on first start and kept in the data directory
 * (mode 0600). Every other key is derived from it for one purpose, so no key serves two uses.
 */
export function loadSecretKey(options: { secretKey?: string; dataDir: string }): string {
  if (options.secretKey) return options.secretKey;
  const file = path.join(options.dataDir, 'secret.key');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const generated = randomBytes(48).toString('base64url');
  try {
    fs.writeFileSync(file, `${generated}\n`, { mode: 0o600, flag: 'wx' });
    return generated;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw error;
  }
}

export type KeyPurpose =
  | 'access-token'
  | 'identity-token'
  | 'service-token'
  | 'client-address'
  | 'instagram-session-encryption'
  | 'refresh-token-hash'
  | 'api-key-hash';

export function deriveKey(secret: string, purpose: KeyPurpose, length = 32): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'social-media-hub', purpose, length));
}

/** A keyed hash for secrets we only ever compare (refresh tokens, API keys): fast, and useless without the key. */
export function keyedHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('hex');
}
