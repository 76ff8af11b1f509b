/**
 * Issue 12 item 5: data at rest is the hub user's alone. SMH_DATA_DIR is 0700; the embedded database's files,
 * the secret key and media have no group/other access, even when the directory existed before with 0755.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, openInfrastructure, type Infrastructure } from '@smh/shared';

const run = promisify(execFile);
let dataDir: string;
let infrastructure: Infrastructure;
let previousUmask: number;

async function walk(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? walk(full).then((inner) => [full, ...inner]) : [full];
    }),
  );
  return nested.flat();
}

beforeAll(async () => {
  previousUmask = process.umask(0o022);
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-sec-data-'));
  await fs.chmod(dataDir, 0o755);
  infrastructure = await openInfrastructure(loadConfig({ SMH_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
});
afterAll(async () => {
  process.umask(previousUmask);
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('files the hub keeps', () => {
  it('SMH_DATA_DIR is 0700 and nothing under it is readable by group or others', async () => {
    const { storage, db } = infrastructure;
    await db.exec('CREATE TABLE IF NOT EXISTS public.mode_probe (n int); INSERT INTO public.mode_probe VALUES (1);');
    const stream = await storage.write('uploads/alice/written.bin');
    await new Promise<void>((resolve, reject) => stream.end(Buffer.from('media'), () => resolve()).on('error', reject));
    const temp = await storage.tempFile('.part');
    await fs.writeFile(temp, 'downloaded');
    await storage.commit(temp, 'direct/example/committed.bin');
    // A child process (ffmpeg) writing into the library inherits the hub's umask.
    await run('sh', ['-c', `echo out > "${path.join(storage.root, 'ffmpeg-output.mp4')}"`]);
    await infrastructure.close();

    expect((await fs.stat(dataDir)).mode & 0o777).toBe(0o700);
    const paths = await walk(dataDir);
    expect(paths.some((p) => p.endsWith('secret.key'))).toBe(true);
    expect(paths.some((p) => p.endsWith('PG_VERSION'))).toBe(true);
    const open = [];
    for (const p of paths) {
      const mode = (await fs.lstat(p)).mode & 0o077;
      if (mode !== 0) open.push(`${path.relative(dataDir, p)} ${((await fs.lstat(p)).mode & 0o777).toString(8)}`);
    }
    expect(open).toEqual([]);
  });
});
