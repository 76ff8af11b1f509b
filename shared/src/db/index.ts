import path from 'node:path';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { Database } from './types.js';

export * from './types.js';
export * from './typed.js';
export {
  isTransientDatabaseError,
  isTransientDependencyError,
  retryTransient,
  type TransientRetryOptions,
} from './transient.js';
export { migrate, loadMigrations, type Migration } from './migrate.js';
export { openPglite } from './pglite.js';
export { openPostgres } from './postgres.js';

/** DATABASE_URL selects a real server; otherwise embedded PostgreSQL under the data directory. */
export async function openDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  if (options.databaseUrl) {
    const db = openPostgres(options.databaseUrl);
    await db.ping();
    return db;
  }
  return openPglite(path.join(options.dataDir, 'db'));
}
