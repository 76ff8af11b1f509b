/** POST /api/files/archive: a streamed ZIP that unzips (unzip CLI) to the very bytes in the library. */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InternalFile } from '@smh/shared';
import { patternBytes, startHarness, type Harness } from './support/harness.js';

const run = promisify(execFile);

describe('ZIP archives', () => {
  let h: Harness;
  let work: string;
  const files: { file: InternalFile; bytes: Buffer }[] = [];

  beforeAll(async () => {
    h = await startHarness();
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-zip-'));
    const specs = [
      { name: 'photo.jpg', mime: 'image/jpeg', bytes: patternBytes(70_000, 1) },
      { name: 'Photo.JPG', mime: 'image/jpeg', bytes: patternBytes(1234, 2) },
      { name: 'voice.wav', mime: 'audio/wav', bytes: Buffer.alloc(50_000, 7) },
    ];
    for (const spec of specs) files.push({ file: await h.addFile(h.alice, spec), bytes: spec.bytes });
  });
  afterAll(async () => {
    await h.close();
    await fs.rm(work, { recursive: true, force: true });
  });

  const archive = (ids: string[], headers = h.alice.headers) =>
    h.app.inject({ method: 'POST', url: '/api/files/archive', headers, payload: { ids } });

  it('zips three files into entries with unique names that unzip to identical bytes', async () => {
    const response = await archive(files.map(({ file }) => file.id));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(String(response.headers['content-disposition'])).toMatch(/^attachment; filename="files-\d{8}T\d{6}\.zip"$/);
    const zipPath = path.join(work, `${randomUUID()}.zip`);
    await fs.writeFile(zipPath, response.rawPayload);
    const out = path.join(work, 'out');
    await run('unzip', ['-q', zipPath, '-d', out]);
    const entries = (await fs.readdir(out)).sort();
    expect(entries).toEqual(['Photo (1).JPG', 'photo.jpg', 'voice.wav'].sort());
    expect((await fs.readFile(path.join(out, 'photo.jpg'))).equals(files[0]!.bytes)).toBe(true);
    expect((await fs.readFile(path.join(out, 'Photo (1).JPG'))).equals(files[1]!.bytes)).toBe(true);
    expect((await fs.readFile(path.join(out, 'voice.wav'))).equals(files[2]!.bytes)).toBe(true);
    const { stdout } = await run('unzip', ['-v', zipPath]);
    expect(stdout).toMatch(/70000\s+Stored\s+70000.*photo\.jpg/);
    expect(stdout).toMatch(/50000\s+Defl:N\s+\d+.*voice\.wav/);
    await run('unzip', ['-tq', zipPath]);
  });

  it('makes no temporary files while streaming', async () => {
    await archive(files.map(({ file }) => file.id));
    expect(await fs.readdir(path.join(h.context.storage.root, '.tmp'))).toEqual([]);
  });

  it('refuses an empty or oversized id list with 400', async () => {
    const empty = await archive([]);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('VALIDATION_ERROR');
    const tooMany = await archive(Array.from({ length: 501 }, () => randomUUID()));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toMatch(/at most 500/);
  });

  it("answers 404 naming the ids that are unknown or not the caller's", async () => {
    const unknown = randomUUID();
    const response = await archive([files[0]!.file.id, unknown]);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.details.missing).toEqual([unknown]);
    expect((await archive([files[0]!.file.id], h.bob.headers)).statusCode).toBe(404);
    expect((await archive([files[0]!.file.id], h.admin.headers)).statusCode).toBe(200);
  });

  it("answers 409 before streaming when a file's bytes are missing, never a partial ZIP", async () => {
    const doomed = await h.addFile(h.alice, { bytes: patternBytes(10, 3), name: 'doomed.jpg' });
    await h.context.storage.remove(doomed.storageKey);
    const response = await archive([files[0]!.file.id, doomed.id]);
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'CONTENT_MISSING', details: { id: doomed.id } });
  });
});
