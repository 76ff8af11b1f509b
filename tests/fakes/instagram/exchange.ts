/** One request/answer of the fake's www/i.instagram.com servers, with the answer helpers every route shares. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { redirect, sendJson } from './http-util.js';
import type { FakeProfile } from './model.js';
import type { RenderContext } from './render.js';

export type FakeHost = 'web' | 'api';

export interface Exchange {
  ctx: RenderContext;
  host: FakeHost;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Username of a valid session, undefined when anonymous. */
  viewer: string | undefined;
  form: URLSearchParams;
}

export const fail = (message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  message,
  ...extra,
  status: 'fail',
});

/** i.instagram.com sends numeric pks; JSON.stringify cannot write 64-bit numbers, so rewrite them in the text. */
export function reply(ex: Exchange, body: Record<string, unknown>): number {
  let text = JSON.stringify({ ...body, status: 'ok' });
  if (ex.host === 'api') text = text.replace(/"pk":"(\d+)"/g, '"pk":$1');
  ex.res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...(ex.viewer ? { 'x-ig-set-www-claim': `hmac.AR-fake-${ex.viewer}` } : {}),
  });
  ex.res.end(text);
  return 200;
}

/** Instagram's answer to a login-walled page or call: a redirect to the login page, absolute like the real one. */
export function loginRedirect(ex: Exchange): number {
  const web = ex.ctx.publicWebUrl ?? '';
  redirect(ex.res, `${web}/accounts/login/?next=${encodeURIComponent(ex.url.pathname)}`);
  return 302;
}

export function canSee(profile: FakeProfile, viewer: string | undefined): boolean {
  return !profile.isPrivate || (viewer !== undefined && (viewer === profile.username || profile.followers.has(viewer)));
}

export function notFound(ex: Exchange, message: string): number {
  sendJson(ex.res, 404, fail(message));
  return 404;
}

/** The HTTP 200 answer Instagram gives to an unknown, retired or malformed query_hash / doc_id. */
export function staleQuery(ex: Exchange): number {
  sendJson(ex.res, 200, {
    errors: [
      {
        message: 'execution error',
        code: 1675002,
        summary: 'Incorrect Query',
        description: 'The query provided was invalid.',
        severity: 'CRITICAL',
      },
    ],
    status: 'ok',
  });
  return 200;
}
