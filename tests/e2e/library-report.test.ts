/**
 * The referee the crash and outage suites trust: inspectLibrary. It must report what lasts (a file the catalog does
 * not know, a wrong hash) and must not report the instant between media.analyze writing a poster and recording it.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresTestDatabase, postgresAvailable } from '@smh/shared/testing';
import type { Database } from '@smh/shared';
import { inspectLibrary } from './support/library.js';

const OWNER = 'owner-1';

describe.runIf(postgresAvailable)('inspectLibrary', () => {
  let database: { url: string; db: Database; drop(): Promise<void> };
  let mediaRoot: string;

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    await database.db.exec(await fs.readFile(path.resolve('services/file-service/migrations/001_files.sql'), 'utf8'));
    mediaRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-library-report-'));
  });

  afterAll(async () => {
    await database?.drop();
    if (mediaRoot) await fs.rm(mediaRoot, { recursive: true, force: true });
  });

  async function store(key: string, bytes: Buffer): Promise<void> {
    await fs.mkdir(path.dirname(path.join(mediaRoot, key)), { recursive: true });
    await fs.writeFile(path.join(mediaRoot, key), bytes);
  }

  async function catalogue(key: string, bytes: Buffer, sha256?: string): Promise<string> {
    const id = randomUUID();
    await database.db.query(
      `INSERT INTO files.files (id, owner_id, name, mime, type, size, sha256, storage_key, origin_kind, created_at)
       VALUES ($1, $2, $3, 'video/mp4', 'video', $4, $5, $6, 'upload', now())`,
      [id, OWNER, path.basename(key), bytes.length, sha256 ?? createHash('sha256').update(bytes).digest('hex'), key],
    );
    return id;
  }

  it('passes a library whose files and catalog agree', async () => {
    const bytes = Buffer.from('a clip');
    await store(`${OWNER}/agree.mp4`, bytes);
    await catalogue(`${OWNER}/agree.mp4`, bytes);
    expect((await inspectLibrary(database.url, mediaRoot, { settleMs: 0 })).problems).toEqual([]);
  });

  it('waits out a poster written just before the catalog records it', async () => {
    const bytes = Buffer.from('another clip');
    await store(`${OWNER}/posted.mp4`, bytes);
    const id = await catalogue(`${OWNER}/posted.mp4`, bytes);
    const poster = `thumbnails/${OWNER}/${id}.poster.jpg`;
    await store(poster, Buffer.from('jpeg'));
    const recorded = new Promise((resolve) => setTimeout(resolve, 600)).then(() =>
      database.db.query('UPDATE files.files SET thumbnail_key = $1 WHERE id = $2', [poster, id]),
    );
    const report = await inspectLibrary(database.url, mediaRoot, { settleMs: 10_000 });
    await recorded;
    expect(report.problems).toEqual([]);
  });

  it('reports a file the catalog never records, once the settling time has passed', async () => {
    await store(`${OWNER}/partial.mp4`, Buffer.from('half a'));
    const started = Date.now();
    const report = await inspectLibrary(database.url, mediaRoot, { settleMs: 700 });
    expect(report.problems).toEqual([`${OWNER}/partial.mp4 is in the library but not in the catalog`]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    await fs.rm(path.join(mediaRoot, `${OWNER}/partial.mp4`));
  });

  it('reports a catalogued file whose bytes do not hash to its sha256', async () => {
    const bytes = Buffer.from('the original');
    await catalogue(`${OWNER}/changed.mp4`, bytes);
    await store(`${OWNER}/changed.mp4`, Buffer.from('the changedd'));
    const report = await inspectLibrary(database.url, mediaRoot, { settleMs: 0 });
    expect(report.problems).toEqual([`${OWNER}/changed.mp4 does not hash to its catalogued sha256`]);
  });
});
