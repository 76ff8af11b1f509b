/** Reads Firefox's cookies.sqlite with sql.js (SQLite compiled to WebAssembly: no native build). */
import initSqlJs, { type Database, type QueryExecResult } from 'sql.js';
import { CookieImportError, cookiesFromBrowserRows, type BrowserCookie } from '../domain/cookie-import.js';
import type { CookieMap } from '../domain/session-crypto.js';

let engine: ReturnType<typeof initSqlJs> | undefined;

export async function readFirefoxCookies(bytes: Buffer): Promise<CookieMap> {
  engine ??= initSqlJs();
  const SQL = await engine;
  let db: Database;
  try {
    db = new SQL.Database(new Uint8Array(bytes));
  } catch {
    throw new CookieImportError('The uploaded file is not a readable SQLite database.');
  }
  try {
    let result: QueryExecResult[];
    try {
      result = db.exec("SELECT host, name, value, expiry FROM moz_cookies WHERE host LIKE '%instagram.com'");
    } catch (error) {
      const message = (error as Error).message;
      if (/no such table/i.test(message))
        throw new CookieImportError(
          'The SQLite file has no moz_cookies table: upload the cookies.sqlite of a Firefox profile.',
        );
      throw new CookieImportError(`The SQLite file cannot be read: ${message}.`);
    }
    const rows: BrowserCookie[] = (result[0]?.values ?? []).map(([host, name, value, expiry]) => ({
      host: String(host ?? ''),
      name: String(name ?? ''),
      value: String(value ?? ''),
      expiry: Number(expiry ?? 0),
    }));
    return cookiesFromBrowserRows(rows);
  } finally {
    db.close();
  }
}
