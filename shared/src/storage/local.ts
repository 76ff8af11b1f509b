import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream, type WriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Thrown when a key would leave the library (traversal, absolute paths, NUL bytes, symlinks). */
export class UnsafePathError extends Error {
  override name = 'UnsafePathError';
}

export interface StoredObject {
  key: string;
  size: number;
  modifiedAt: Date;
}

/** The media library. Keys are relative POSIX paths chosen by the hub, never raw user input. */
export interface MediaStorage {
  /** A fresh temporary file inside the library's filesystem (so commit is an atomic rename). */
  tempFile(suffix?: string): Promise<string>;
  /**
   * Moves a complete, verified temporary file to its key; fails if the key exists unless overwrite. Its bytes are
   * flushed to disk first, unless `synced` says the caller did that already (with `syncTemp`, while it checked them).
   */
  commit(tempPath: string, key: string, options?: { overwrite?: boolean; synced?: boolean }): Promise<StoredObject>;
  /** Flushes a temporary file's bytes to disk (fsync), so a commit after it need not wait for that. */
  syncTemp(tempPath: string): Promise<void>;
  /** `highWaterMark`: bytes per read (default 64 KiB); large sequential streams go faster with ~1 MiB. */
  read(key: string, range?: { start: number; end: number }, options?: { highWaterMark?: number }): Promise<ReadStream>;
  write(key: string): Promise<WriteStream>;
  stat(key: string): Promise<StoredObject | undefined>;
  remove(key: string): Promise<void>;
  /** Absolute path of a key, for tools that need one (ffmpeg). */
  localPath(key: string): Promise<string>;
  /**
   * Removes temporary files untouched for longer than maxAgeMs: leftovers of processes killed mid-write.
   * Partial downloads kept for resuming are younger than that; an older one only means a restart from zero.
   */
  sweepTemporary(maxAgeMs: number): Promise<number>;
  /** Picks a free key: `a/b.jpg`, else `a/b (1).jpg` … */
  availableKey(key: string): Promise<string>;
  readonly root: string;
}

async function syncFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function validateKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 1024) throw new UnsafePathError('empty or too long');
  if (key.includes('\0')) throw new UnsafePathError('NUL byte in path');
  if (key.includes('\\')) throw new UnsafePathError('backslash in path');
  if (key.startsWith('/') || /^[a-zA-Z]:/.test(key)) throw new UnsafePathError('absolute path');
  const parts = key.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..'))
    throw new UnsafePathError('path segment not allowed');
  return key;
}

export async function createLocalStorage(root: string): Promise<MediaStorage> {
  const absoluteRoot = path.resolve(root);
  const tempDir = path.join(absoluteRoot, '.tmp');
  await fs.mkdir(tempDir, { recursive: true, mode: 0o700 });
  const realRoot = await fs.realpath(absoluteRoot);

  const missing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

  /**
   * Resolves a key inside the root, refusing any symlink on the way: the deepest part of the path that exists must
   * be where it is without following links (one realpath instead of an lstat per segment), and a path that does
   * not exist yet must not be a dangling link.
   */
  async function resolve(key: string): Promise<string> {
    validateKey(key);
    const target = path.join(realRoot, ...key.split('/'));
    if (!target.startsWith(realRoot + path.sep)) throw new UnsafePathError('outside the library');
    const refuse = () => new UnsafePathError('symbolic links are not followed');
    for (let existing = target; existing !== realRoot; existing = path.dirname(existing)) {
      const real = await fs.realpath(existing).catch((error: unknown) => {
        if (missing(error)) return undefined;
        throw (error as NodeJS.ErrnoException).code === 'ELOOP' ? refuse() : error; // links pointing at each other
      });
      if (real !== undefined) {
        if (real !== existing) throw refuse();
        break;
      }
      // Not there, or a link to nowhere (realpath fails for both): only a real absence may be written through.
      const info = await fs.lstat(existing).catch(() => undefined);
      if (info?.isSymbolicLink()) throw refuse();
    }
    return target;
  }

  async function stat(key: string): Promise<StoredObject | undefined> {
    const file = await resolve(key);
    const info = await fs.stat(file).catch(() => undefined);
    return info?.isFile() ? { key, size: info.size, modifiedAt: info.mtime } : undefined;
  }

  return {
    root: realRoot,
    async tempFile(suffix = '') {
      return path.join(tempDir, `${randomUUID()}${suffix.replace(/[^\w.-]/g, '')}`);
    },
    async syncTemp(tempPath) {
      if (path.dirname(path.resolve(tempPath)) !== tempDir)
        throw new UnsafePathError('not a temporary file of this library');
      await syncFile(tempPath);
    },
    async commit(tempPath, key, options = {}) {
      if (path.dirname(path.resolve(tempPath)) !== tempDir)
        throw new UnsafePathError('not a temporary file of this library');
      const target = await resolve(key);
      await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      if (!options.synced) await syncFile(tempPath);
      if (!options.overwrite) {
        // link() fails when the target exists, so a concurrent writer can never be overwritten.
        await fs.link(tempPath, target);
        await fs.unlink(tempPath);
      } else {
        await fs.rename(tempPath, target);
      }
      const info = await fs.stat(target);
      return { key, size: info.size, modifiedAt: info.mtime };
    },
    async read(key, range, options = {}) {
      const file = await resolve(key);
      return createReadStream(file, {
        ...(range ? { start: range.start, end: range.end } : {}),
        highWaterMark: options.highWaterMark,
      });
    },
    async write(key) {
      const file = await resolve(key);
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      return createWriteStream(file, { mode: 0o600 });
    },
    stat,
    async remove(key) {
      const file = await resolve(key);
      await fs.rm(file, { force: true });
    },
    localPath: resolve,
    async sweepTemporary(maxAgeMs) {
      let removed = 0;
      const cutoff = Date.now() - maxAgeMs;
      for (const name of await fs.readdir(tempDir)) {
        const file = path.join(tempDir, name);
        const info = await fs.lstat(file).catch(() => undefined);
        if (info && info.mtimeMs < cutoff) {
          await fs.rm(file, { force: true, recursive: true });
          removed += 1;
        }
      }
      return removed;
    },
    async availableKey(key) {
      validateKey(key);
      if (!(await stat(key))) return key;
      const extension = path.posix.extname(key);
      const base = key.slice(0, key.length - extension.length);
      for (let n = 1; n < 10_000; n += 1) {
        const candidate = `${base} (${n})${extension}`;
        if (!(await stat(candidate))) return candidate;
      }
      throw new Error(`no free name for ${key}`);
    },
  };
}
