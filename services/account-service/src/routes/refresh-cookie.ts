/**
 * The web UI's refresh token lives in an httpOnly cookie scoped to /api/auth (script on the page cannot read
 * it); API clients keep the bearer flow with the token in the JSON body. Pure helpers.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { REFRESH_TOKEN_TTL_MS } from '../domain/credentials.js';

export const REFRESH_COOKIE = 'smh_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';

/** The Set-Cookie value that stores `token` (or, with null, deletes the cookie). */
export function refreshCookie(token: string | null, secure: boolean): string {
  const parts = [
    `${REFRESH_COOKIE}=${token ?? ''}`,
    `Path=${REFRESH_COOKIE_PATH}`,
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${token === null ? 0 : Math.floor(REFRESH_TOKEN_TTL_MS / 1000)}`,
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

/** The refresh token from the request's Cookie header, if any. */
export function refreshTokenFromCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === REFRESH_COOKIE) {
      const token = value.join('=');
      return token === '' ? undefined : token;
    }
  }
  return undefined;
}

/** Served over https (the gateway says how the client reached it): the cookie is Secure. */
/** Over https: directly, or through the gateway, whose X-Forwarded-Proto a service believes (and nobody else's). */
const isHttps = (request: FastifyRequest) =>
  request.protocol === 'https' || (request.viaGateway && request.headers['x-forwarded-proto'] === 'https');

export function setRefreshCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.header('set-cookie', refreshCookie(token, isHttps(request)));
}

export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', refreshCookie(null, isHttps(request)));
}

/** The refresh token of a /refresh or /logout call: the body's (API clients) or the cookie's (web UI). */
export function refreshTokenOf(request: FastifyRequest): string | undefined {
  const body = request.body as { refreshToken?: string } | undefined;
  return body?.refreshToken ?? refreshTokenFromCookie(request.headers.cookie);
}
