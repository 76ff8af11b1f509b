import { webcrypto } from 'node:crypto';
import { type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { deriveKey, keyedHash } from './secrets.js';

export const roleSchema = z.enum(['admin', 'user']);
export type Role = z.infer<typeof roleSchema>;

/**
 * Who is calling: the user the gateway authenticated. `via: "api-key"` marks a caller that signed in with an API
 * key (set by the gateway, never by the client): some things, such as minting more keys, need a real sign-in.
 */
export const identitySchema = z.object({
  userId: z.string(),
  username: z.string(),
  role: roleSchema,
  via: z.literal('api-key').optional(),
});
export type Identity = z.infer<typeof identitySchema>;

const ISSUER = 'social-media-hub';
/** How many verified tokens are remembered (per token service); the map is emptied when full. */
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Three kinds of tokens, each signed with its own derived key:
 * - access: given to users by account-service at login, verified by the gateway;
 * - identity: minted by the gateway for one proxied request, verified by every service (header x-smh-identity);
 * - service: a service calling another service's internal routes (header x-smh-service-token).
 */
export function createTokenService(secret: string) {
  const keys = {
    access: deriveKey(secret, 'access-token'),
    identity: deriveKey(secret, 'identity-token'),
    service: deriveKey(secret, 'service-token'),
  };
  const clientAddressKey = deriveKey(secret, 'client-address');
  // Imported once: jose imports a raw key again on every call, a large part of a proxied request's cost.
  const cryptoKeys = new Map<keyof typeof keys, Promise<webcrypto.CryptoKey>>();
  const cryptoKey = (kind: keyof typeof keys) => {
    let key = cryptoKeys.get(kind);
    if (!key) {
      key = webcrypto.subtle.importKey('raw', keys[kind], { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
      cryptoKeys.set(kind, key);
    }
    return key;
  };
  /**
   * A token is verified once: every request of a client carries the same access token, and the gateway reuses one
   * identity header per user for a minute. Keyed by the whole token (signature included), kept until it expires.
   */
  const verified = new Map<string, JWTPayload & { exp: number }>();
  /** ip -> its signed header, and a verified header -> its ip: one HMAC per address, not per request. */
  const clientAddresses = new Map<string, string>();
  const verifiedAddresses = new Map<string, string>();

  async function sign(
    kind: keyof typeof keys,
    subject: string,
    claims: Record<string, unknown>,
    ttlSeconds: number,
  ): Promise<string> {
    return new SignJWT({ ...claims, typ: kind })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(await cryptoKey(kind));
  }

  async function verify(kind: keyof typeof keys, token: string): Promise<JWTPayload> {
    const cacheKey = `${kind} ${token}`;
    const cached = verified.get(cacheKey);
    if (cached && cached.exp * 1000 > Date.now()) return cached;
    const { payload } = await jwtVerify(token, await cryptoKey(kind), { issuer: ISSUER, algorithms: ['HS256'] });
    if (payload.typ !== kind || typeof payload.sub !== 'string') throw new Error('wrong token type');
    if (typeof payload.exp === 'number') {
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.clear();
      verified.set(cacheKey, payload as JWTPayload & { exp: number });
    }
    return payload;
  }

  return {
    signAccess: (identity: Identity, ttlSeconds = 900) =>
      sign('access', identity.userId, { username: identity.username, role: identity.role }, ttlSeconds),
    async verifyAccess(token: string): Promise<Identity> {
      const payload = await verify('access', token);
      return identitySchema.parse({ userId: payload.sub, username: payload.username, role: payload.role });
    },
    signIdentity: (identity: Identity, ttlSeconds = 300) =>
      sign(
        'identity',
        identity.userId,
        { username: identity.username, role: identity.role, ...(identity.via ? { via: identity.via } : {}) },
        ttlSeconds,
      ),
    async verifyIdentity(token: string): Promise<Identity> {
      const payload = await verify('identity', token);
      return identitySchema.parse({
        userId: payload.sub,
        username: payload.username,
        role: payload.role,
        ...(payload.via === undefined ? {} : { via: payload.via }),
      });
    },
    signService: (service: string, ttlSeconds = 300) => sign('service', service, {}, ttlSeconds),
    /** The client's address as the gateway saw it, with a MAC only the hub can make (header x-smh-client-address). */
    signClientAddress(ip: string): string {
      let signed = clientAddresses.get(ip);
      if (!signed) {
        signed = `${ip} ${keyedHash(clientAddressKey, ip)}`;
        if (clientAddresses.size >= VERIFIED_CACHE_SIZE) clientAddresses.clear();
        clientAddresses.set(ip, signed);
      }
      return signed;
    },
    /** The address in a signed client-address header, or undefined when it was not made by the hub. */
    verifyClientAddress(value: string): string | undefined {
      const known = verifiedAddresses.get(value);
      if (known) return known;
      const [ip, mac, ...rest] = value.split(' ');
      if (!ip || !mac || rest.length > 0 || keyedHash(clientAddressKey, ip) !== mac) return undefined;
      if (verifiedAddresses.size >= VERIFIED_CACHE_SIZE) verifiedAddresses.clear();
      verifiedAddresses.set(value, ip);
      return ip;
    },
    async verifyService(token: string): Promise<string> {
      const payload = await verify('service', token);
      return payload.sub as string;
    },
  };
}
export type TokenService = ReturnType<typeof createTokenService>;

export const IDENTITY_HEADER = 'x-smh-identity';
export const SERVICE_TOKEN_HEADER = 'x-smh-service-token';
export const CLIENT_ADDRESS_HEADER = 'x-smh-client-address';
export const REQUEST_ID_HEADER = 'x-request-id';
