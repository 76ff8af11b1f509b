/**
 * Instagram cookies at rest: AES-256-GCM under a key derived for this one purpose.
 * Layout: version byte | 12-byte random IV | 16-byte auth tag | ciphertext. The session id is authenticated as
 * additional data, so a blob copied onto another row does not decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deriveKey } from '@smh/shared';

export type CookieMap = Record<string, string>;

const KEY_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SessionCipher {
  encrypt(sessionId: string, cookies: CookieMap): Buffer;
  decrypt(sessionId: string, blob: Buffer): CookieMap;
}

export function createSessionCipher(secret: string): SessionCipher {
  const currentKey = deriveKey(secret, 'instagram-session-encryption');
  const keys = new Map<number, Buffer>([[KEY_VERSION, currentKey]]);
  const aad = (sessionId: string) => Buffer.from(`instagram-session:${sessionId}`, 'utf8');
  return {
    encrypt(sessionId, cookies) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
      cipher.setAAD(aad(sessionId));
      const ciphertext = Buffer.concat([cipher.update(JSON.stringify(cookies), 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([KEY_VERSION]), iv, cipher.getAuthTag(), ciphertext]);
    },
    decrypt(sessionId, blob) {
      const version = blob[0];
      const key = version === undefined ? undefined : keys.get(version);
      if (!key) throw new Error(`stored Instagram session uses unknown key version ${String(version)}`);
      const iv = blob.subarray(1, 1 + IV_BYTES);
      const tag = blob.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(aad(sessionId));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(blob.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as CookieMap;
    },
  };
}
