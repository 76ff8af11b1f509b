/**
 * Netscape cookies.txt parser (the format browser extensions, gallery-dl and yt-dlp export).
 * Pure and dependency-free; shared by account-service (session import) and download-service (requests).
 *
 * Each non-comment line has 7 TAB-separated fields:
 *   domain  includeSubdomains(TRUE|FALSE)  path  secure(TRUE|FALSE)  expiry(unix seconds, 0 = session)  name  value
 * Lines starting with "#HttpOnly_" are cookies (the prefix marks HttpOnly); other "#" lines are comments.
 */
export type CookieMap = Record<string, string>;

export class CookieFileError extends Error {
  override readonly name = 'CookieFileError';
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `cookies.txt line ${line}: ${message}`);
  }
}

export interface ParseCookiesOptions {
  /** Unix milliseconds; cookies whose expiry is in the past are dropped. Default: keep every cookie. */
  now?: number;
}

const HTTP_ONLY_PREFIX = '#HttpOnly_';
const BOOLEAN_FIELD = /^(TRUE|FALSE)$/i;

export function isInstagramDomain(domain: string): boolean {
  const host = domain.replace(/^\./, '').toLowerCase();
  return host === 'instagram.com' || host.endsWith('.instagram.com');
}

/** Parses cookies.txt text and keeps only instagram.com cookies, as a name -> value map. */
export function parseNetscapeCookies(text: string, options: ParseCookiesOptions = {}): CookieMap {
  if (text.trim() === '') throw new CookieFileError('the cookies file is empty');
  const cookies: CookieMap = {};
  let cookieLines = 0;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((rawLine, index) => {
    const lineNumber = index + 1;
    let line = rawLine;
    if (line.startsWith(HTTP_ONLY_PREFIX)) line = line.slice(HTTP_ONLY_PREFIX.length);
    else if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const fields = line.split('\t');
    if (fields.length !== 7) {
      const hint = fields.length === 1 ? ' (fields must be separated by TAB characters, not spaces)' : '';
      throw new CookieFileError(`expected 7 tab-separated fields, found ${fields.length}${hint}`, lineNumber);
    }
    const [domain, includeSubdomains, path, secure, expiry, name, value] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (domain === '') throw new CookieFileError('the domain field is empty', lineNumber);
    if (!BOOLEAN_FIELD.test(includeSubdomains)) {
      throw new CookieFileError(`includeSubdomains must be TRUE or FALSE, got "${includeSubdomains}"`, lineNumber);
    }
    if (!path.startsWith('/')) throw new CookieFileError(`path must start with "/", got "${path}"`, lineNumber);
    if (!BOOLEAN_FIELD.test(secure))
      throw new CookieFileError(`secure must be TRUE or FALSE, got "${secure}"`, lineNumber);
    if (!/^-?\d+(\.\d+)?$/.test(expiry)) {
      throw new CookieFileError(`expiry must be unix seconds, got "${expiry}"`, lineNumber);
    }
    if (name === '') throw new CookieFileError('the cookie name is empty', lineNumber);
    cookieLines += 1;
    if (!isInstagramDomain(domain)) return;
    const expiresAtMs = Number(expiry) * 1000;
    if (options.now !== undefined && expiresAtMs > 0 && expiresAtMs <= options.now) return;
    cookies[name] = value;
  });
  if (cookieLines === 0) throw new CookieFileError('no cookie lines found (is this a Netscape cookies.txt file?)');
  if (Object.keys(cookies).length === 0) {
    throw new CookieFileError(
      'the file has no unexpired instagram.com cookies (export them while logged in to instagram.com)',
    );
  }
  return cookies;
}

/** Renders a cookie map as the value of a Cookie request header. */
export function serializeCookieHeader(cookies: CookieMap): string {
  return Object.entries(cookies)
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}
