// Runs in a worker thread (see firefox-cookies.ts): sql.js is synchronous, so a hostile database must never run on
// the event loop. Plain JavaScript so it loads the same under tsx, Vitest and a built image.
import { parentPort, workerData } from 'node:worker_threads';
import initSqlJs from 'sql.js';

const MAX_ROWS = 10000;
const SQL = await initSqlJs();

function answer() {
  let db;
  try {
    db = new SQL.Database(workerData.bytes);
  } catch {
    return { refused: 'The uploaded file is not a readable SQLite database.' };
  }
  try {
    // Only a plain table: a view (a recursive one never ends), a virtual table or anything else is refused unread.
    const master = db.exec("SELECT type, sql FROM sqlite_master WHERE name = 'moz_cookies' COLLATE NOCASE");
    const entries = master[0]?.values ?? [];
    if (entries.length === 0)
      return { refused: 'The SQLite file has no moz_cookies table: upload the cookies.sqlite of a Firefox profile.' };
    const [type, sql] = entries[0];
    if (entries.length !== 1 || type !== 'table' || /^\s*create\s+virtual/i.test(String(sql ?? '')))
      return { refused: "The SQLite file's moz_cookies is not a plain table, as in a Firefox profile." };
    const result = db.exec(
      `SELECT host, name, value, expiry FROM moz_cookies WHERE host LIKE '%instagram.com' LIMIT ${MAX_ROWS}`,
    );
    return {
      rows: (result[0]?.values ?? []).map(([host, name, value, expiry]) => ({
        host: String(host ?? ''),
        name: String(name ?? ''),
        value: String(value ?? ''),
        expiry: Number(expiry ?? 0),
      })),
    };
  } catch (error) {
    return { refused: `The SQLite file cannot be read: ${error instanceof Error ? error.message : String(error)}.` };
  } finally {
    db.close();
  }
}

parentPort.postMessage(answer());
