/**
 * Data at rest belongs to the hub's user alone: SMH_DATA_DIR is 0700, and everything the process (and the
 * ffmpeg it starts) creates afterwards is without group/other access (umask 077): PGlite's files, media,
 * temporary files, secrets.
 */
import fs from 'node:fs';
import path from 'node:path';

export const DATA_DIR_MODE = 0o700;
export const PRIVATE_UMASK = 0o077;

/** Sets the process umask and creates (or tightens) the data directory; synchronous, run once at start. */
export function secureDataDir(dataDir: string): void {
  process.umask(PRIVATE_UMASK);
  fs.mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
  // An existing directory (an older install, a mounted volume) is tightened too.
  fs.chmodSync(dataDir, DATA_DIR_MODE);
}

/**
 * Removes group/other access from every file and directory under `dir` (0600 files, 0700 directories). For the
 * files a library writes with its own modes whatever the umask (PGlite creates its database files 0666).
 */
export async function restrictTree(dir: string): Promise<void> {
  // One change at a time on purpose: the pass at start runs beside it, and a thousand at once would fill libuv's
  // thread pool ahead of the start's own file operations.
  const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
  await fs.promises.chmod(dir, DATA_DIR_MODE).catch(() => undefined);
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await restrictTree(full);
    else if (entry.isFile()) await fs.promises.chmod(full, 0o600).catch(() => undefined);
  }
}
