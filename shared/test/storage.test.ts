import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStorage, UnsafePathError, type MediaStorage } from '../src/storage/index.js';

let dir: string;
let storage: MediaStorage;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-storage-'));
  storage = await createLocalStorage(path.join(dir, 'library'));
  await fs.writeFile(path.join(dir, 'outside.txt'), 'secret outside the library');
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function store(key: string, content: string) {
  const temp = await storage.tempFile();
  await fs.writeFile(temp, content);
  return storage.commit(temp, key);
}

describe('local media storage', () => {
  it('commits a temporary file atomically and reads ranges', async () => {
    const stored = await store('insta/ann/post.txt', '0123456789');
    expect(stored.size).toBe(10);
    expect(await text(await storage.read('insta/ann/post.txt'))).toBe('0123456789');
    expect(await text(await storage.read('insta/ann/post.txt', { start: 2, end: 4 }))).toBe('234');
    expect(await fs.readdir(path.join(storage.root, '.tmp'))).toEqual([]);
  });

  it('never overwrites an existing key unless asked, and finds a free name', async () => {
    await expect(store('insta/ann/post.txt', 'other')).rejects.toThrow();
    expect(await storage.availableKey('insta/ann/post.txt')).toBe('insta/ann/post (1).txt');
    expect(await text(await storage.read('insta/ann/post.txt'))).toBe('0123456789');
  });

  it.each(['../outside.txt', 'a/../../outside.txt', '/etc/passwd', 'a\\..\\b', 'C:/x', 'a/./b', 'a//b', 'x\0y', ''])(
    'rejects the unsafe key %j',
    async (key) => {
      await expect(storage.read(key)).rejects.toBeInstanceOf(UnsafePathError);
      await expect(storage.stat(key)).rejects.toBeInstanceOf(UnsafePathError);
    },
  );

  it('refuses to follow a symlink planted inside the library', async () => {
    await fs.symlink(path.join(dir, 'outside.txt'), path.join(storage.root, 'link.txt'));
    await fs.symlink(dir, path.join(storage.root, 'linkdir'));
    await expect(storage.read('link.txt')).rejects.toBeInstanceOf(UnsafePathError);
    await expect(storage.read('linkdir/outside.txt')).rejects.toBeInstanceOf(UnsafePathError);
    // A link further down, to a directory that exists or not, and a link to nowhere in place of a new file.
    await fs.mkdir(path.join(storage.root, 'a/b'), { recursive: true });
    await fs.symlink(dir, path.join(storage.root, 'a/b/deeper'));
    await expect(storage.stat('a/b/deeper/outside.txt')).rejects.toBeInstanceOf(UnsafePathError);
    await expect(storage.write('a/b/deeper/new/file.txt')).rejects.toBeInstanceOf(UnsafePathError);
    await fs.symlink(path.join(dir, 'not-yet-there.txt'), path.join(storage.root, 'a/b/dangling.txt'));
    await expect(storage.write('a/b/dangling.txt')).rejects.toBeInstanceOf(UnsafePathError);
    await expect(storage.stat('a/b/dangling.txt')).rejects.toBeInstanceOf(UnsafePathError);
    const temp = await storage.tempFile();
    await fs.writeFile(temp, 'x');
    await expect(storage.commit(temp, 'a/b/dangling.txt', { overwrite: true })).rejects.toBeInstanceOf(UnsafePathError);
    await expect(fs.access(path.join(dir, 'not-yet-there.txt'))).rejects.toThrow();
    await fs.symlink(path.join(storage.root, 'a/loop2'), path.join(storage.root, 'a/loop1'));
    await fs.symlink(path.join(storage.root, 'a/loop1'), path.join(storage.root, 'a/loop2'));
    await expect(storage.stat('a/loop1/file.txt')).rejects.toBeInstanceOf(UnsafePathError);
    await expect(storage.write('a/loop1')).rejects.toBeInstanceOf(UnsafePathError);
    // Real directories and files, existing or not, still resolve.
    expect(await storage.stat('a/b/none.txt')).toBeUndefined();
    await storage.commit(temp, 'a/b/c/new.txt');
    expect(await storage.stat('a/b/c/new.txt')).toMatchObject({ key: 'a/b/c/new.txt', size: 1 });
  });

  it('sweeps temporary files older than the given age, and only those', async () => {
    const old = await storage.tempFile('.part');
    const fresh = await storage.tempFile('.part');
    await fs.writeFile(old, 'left by a killed process');
    await fs.writeFile(fresh, 'still being written');
    const longAgo = new Date(Date.now() - 10 * 24 * 3600 * 1000);
    await fs.utimes(old, longAgo, longAgo);
    expect(await storage.sweepTemporary(3 * 24 * 3600 * 1000)).toBe(1);
    const left = await fs.readdir(path.join(storage.root, '.tmp'));
    expect(left).toContain(path.basename(fresh));
    expect(left).not.toContain(path.basename(old));
    await fs.rm(fresh);
  });

  it('only commits its own temporary files', async () => {
    await expect(storage.commit(path.join(dir, 'outside.txt'), 'stolen.txt')).rejects.toBeInstanceOf(UnsafePathError);
  });

  it('flushes a temporary file ahead of its commit (only its own), and commits it then without flushing again', async () => {
    await fs.writeFile(path.join(dir, 'outside.txt'), 'x');
    await expect(storage.syncTemp(path.join(dir, 'outside.txt'))).rejects.toBeInstanceOf(UnsafePathError);
    await expect(storage.syncTemp(path.join(dir, '..', 'elsewhere'))).rejects.toBeInstanceOf(UnsafePathError);
    const temp = await storage.tempFile('.txt');
    await fs.writeFile(temp, 'synced early');
    await storage.syncTemp(temp);
    const stored = await storage.commit(temp, 'synced/early.txt', { synced: true });
    expect(stored).toMatchObject({ key: 'synced/early.txt', size: 12 });
    expect(await fs.readFile(await storage.localPath('synced/early.txt'), 'utf8')).toBe('synced early');
    await expect(fs.stat(temp)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
