/**
 * sha256File against sha256sum, the referee, at the sizes where a chunked read goes wrong: empty, one byte, exactly
 * one read buffer, one byte over, several buffers and a tail.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '../src/storage/sha256-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'smh-sha256-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const MiB = 1024 * 1024;

describe('sha256File', () => {
  it.each([0, 1, MiB - 1, MiB, MiB + 1, 3 * MiB + 12_345])(
    'hashes a file of %i bytes as sha256sum does',
    async (size) => {
      const file = path.join(dir, `file-${size}`);
      await writeFile(file, randomBytes(size));
      const expected = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
      expect(await sha256File(file)).toBe(expected);
    },
  );

  it('rejects a missing file with ENOENT', async () => {
    await expect(sha256File(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
