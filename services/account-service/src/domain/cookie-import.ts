/**
 * Turning what a user pastes or uploads into an Instagram cookie map: a bare sessionid, a Netscape cookies.txt,
 * or (through the sqlite adapter) Firefox's cookies.sqlite. Only instagram.com cookies are kept, and a sessionid
 * is required. Every refusal names the problem.
 */
import { CookieFileError, isInstagramDomain, parseNetscapeCookies, type CookieMap } from '@smh/shared/cookies';

export const MAX_COOKIE_FILE_BYTES = 5 * 1024 * 1024;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
/** Cookie values must fit in a Cookie header: no separators, whitespace or control characters. */
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/;

export class CookieImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CookieImportError';
  }
}

export function requireSessionId(cookies: CookieMap): CookieMap {
  const sessionid = cookies['sessionid'];
  if (!sessionid)
    throw new CookieImportError(
      'The cookies contain no instagram.com "sessionid" cookie: export them while logged in to instagram.com.',
    );
  if (!COOKIE_VALUE.test(sessionid))
    throw new CookieImportError(
      'The "sessionid" cookie contains characters a cookie value cannot have (spaces, quotes, ";" or ",").',
    );
  return cookies;
}

/** A sessionid pasted on its own. */
export function cookiesFromSessionId(sessionid: string): CookieMap {
  const value = sessionid.trim();
  if (value.length === 0) throw new CookieImportError('The sessionid is empty.');
  if (value.length > 512) throw new CookieImportError('The sessionid is too long (at most 512 characters).');
  return requireSessionId({ sessionid: value });
}

/** Netscape cookies.txt text. */
export function cookiesFromNetscapeText(text: string): CookieMap {
  try {
    return requireSessionId(parseNetscapeCookies(text, { now: Date.now() }));
  } catch (error) {
    if (error instanceof CookieFileError) throw new CookieImportError(`Invalid cookies.txt: ${error.message}.`);
    throw error;
  }
}

export type CookieFileKind = 'sqlite' | 'netscape';

/** Tells a Firefox cookies.sqlite from a cookies.txt by content, refusing anything else. */
export function detectCookieFile(bytes: Buffer): CookieFileKind {
  if (bytes.length === 0) throw new CookieImportError('The uploaded file is empty.');
  if (bytes.length > MAX_COOKIE_FILE_BYTES)
    throw new CookieImportError(`The uploaded file is too large (at most ${MAX_COOKIE_FILE_BYTES / 1024 / 1024} MB).`);
  if (bytes.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) return 'sqlite';
  if (bytes.includes(0))
    throw new CookieImportError(
      'The uploaded file is neither a Netscape cookies.txt (text) nor a SQLite cookies database.',
    );
  return 'netscape';
}

export interface BrowserCookie {
  host: string;
  name: string;
  value: string;
  /** Unix seconds or milliseconds (newer Firefox versions store milliseconds); 0 = session cookie. */
  expiry: number;
}

/** Keeps the unexpired instagram.com cookies of a browser's cookie table. */
export function cookiesFromBrowserRows(rows: readonly BrowserCookie[], now = Date.now()): CookieMap {
  const cookies: CookieMap = {};
  for (const row of rows) {
    if (!isInstagramDomain(row.host)) continue;
    const expiresAtMs = row.expiry > 1e11 ? row.expiry : row.expiry * 1000;
    if (expiresAtMs > 0 && expiresAtMs <= now) continue;
    cookies[row.name] = row.value;
  }
  if (Object.keys(cookies).length === 0)
    throw new CookieImportError('The cookies database has no unexpired instagram.com cookies.');
  return requireSessionId(cookies);
}
