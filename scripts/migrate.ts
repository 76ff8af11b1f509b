/** Applies every service's migrations to DATABASE_URL (or the embedded database) without starting anything. */
import fs from 'node:fs';
import path from 'node:path';
import { BACKEND_SERVICES, loadConfigOrExit, loadMigrations, migrate, openDatabase } from '@smh/shared';

const config = loadConfigOrExit();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  for (const service of BACKEND_SERVICES) {
    const dir = path.resolve(import.meta.dirname, '../services', service, 'migrations');
    if (!fs.existsSync(dir)) continue;
    const applied = await migrate(db, service, await loadMigrations(dir));
    console.log(`${service}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
  }
} finally {
  await db.close();
}
