/**
 * The library's invariants after a crash or an outage, checked against the catalog in PostgreSQL and the files on
 * disk: no duplicate rows (per platform media id, per content hash), no file on disk the catalog does not know
 * (a partial file), every catalogued file present with its recorded size and sha256.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

async function listFiles(root: string, relative = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, relative), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const key = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(root, key)));
    else files.push(key);
  }
  return files;
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

export interface LibraryReport {
  files: number;
  tempFiles: string[];
  problems: string[];
}

/**
 * The library's state once the work in flight has landed. A download completes before its files are analysed, and
 * media.analyze writes a video's poster before it records it in the catalog: a report taken in between would show
 * that poster as a file the catalog does not know. So a report with problems is taken again until it has none or
 * `settleMs` has passed; a lasting problem (a partial file, a duplicate row, a missing file) is still reported.
 */
export async function inspectLibrary(
  databaseUrl: string,
  mediaRoot: string,
  { settleMs = 15_000 }: { settleMs?: number } = {},
): Promise<LibraryReport> {
  const deadline = Date.now() + settleMs;
  for (;;) {
    const report = await inspectLibraryOnce(databaseUrl, mediaRoot);
    if (report.problems.length === 0 || Date.now() >= deadline) return report;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function inspectLibraryOnce(databaseUrl: string, mediaRoot: string): Promise<LibraryReport> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const problems: string[] = [];
    const duplicateMedia = await client.query<{
      key: string;
      n: number;
    }>(`SELECT owner_id || ' ' || source_platform || ' ' || source_media_id AS key, count(*)::int AS n
      FROM files.files WHERE source_media_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1`);
    for (const row of duplicateMedia.rows) problems.push(`media ${row.key} is catalogued ${row.n} times`);
    const duplicateContent = await client.query<{
      key: string;
      n: number;
    }>(`SELECT owner_id || ' ' || sha256 AS key, count(*)::int AS n
      FROM files.files WHERE origin_kind = 'download' GROUP BY 1 HAVING count(*) > 1`);
    for (const row of duplicateContent.rows)
      problems.push(`downloaded content ${row.key} is catalogued ${row.n} times`);
    const { rows } = await client.query<{
      storage_key: string;
      sidecar_key: string | null;
      thumbnail_key: string | null;
      sha256: string;
      size: string;
    }>('SELECT storage_key, sidecar_key, thumbnail_key, sha256, size::text FROM files.files');
    const known = new Set(
      rows.flatMap((row) =>
        [row.storage_key, row.sidecar_key, row.thumbnail_key].filter((key): key is string => key !== null),
      ),
    );
    const onDisk = await listFiles(mediaRoot);
    const library = onDisk.filter((key) => !key.startsWith('.tmp/'));
    for (const key of library) if (!known.has(key)) problems.push(`${key} is in the library but not in the catalog`);
    for (const row of rows) {
      const file = path.join(mediaRoot, row.storage_key);
      const stat = await fs.stat(file).catch(() => undefined);
      if (!stat) problems.push(`${row.storage_key} is catalogued but missing`);
      else if (stat.size !== Number(row.size))
        problems.push(`${row.storage_key} has ${stat.size} bytes, the catalog says ${row.size}`);
      else if ((await sha256File(file)) !== row.sha256)
        problems.push(`${row.storage_key} does not hash to its catalogued sha256`);
    }
    return { files: rows.length, tempFiles: onDisk.filter((key) => key.startsWith('.tmp/')), problems };
  } finally {
    await client.end();
  }
}

/** One value from the hub's database (the test reads state directly while a service replica is down). */
export async function queryOne<T>(databaseUrl: string, sql: string, values: unknown[] = []): Promise<T | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows[0] as T | undefined;
  } finally {
    await client.end();
  }
}
