/** Kysely over the `Sql` adapter: the same builder, the same results, on PGlite and on the real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, type Database } from '../src/db/index.js';
import { type ColumnType, type Generated, sql, typed } from '../src/db/typed.js';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable } from '../src/testing.js';

interface Tables {
  'demo.things': {
    id: Generated<number>;
    name: string;
    /** jsonb: read as the value, written as its JSON text (the same on both engines). */
    tags: ColumnType<string[], string | undefined, string>;
    size: Generated<number>;
    created_at: Generated<Date>;
  };
}

const migrations = [
  {
    id: '001_things',
    sql: `CREATE SCHEMA IF NOT EXISTS demo;
          CREATE TABLE demo.things (id serial PRIMARY KEY, name text NOT NULL UNIQUE, tags jsonb NOT NULL DEFAULT '[]',
            size bigint NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now());`,
  },
];

describe.each(DATABASE_KINDS)('typed SQL (Kysely) on %s', (kind) => {
  const enabled = kind === 'pglite' || postgresAvailable;
  let db: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    if (!enabled) return;
    ({ db, drop } = await createTestDatabase(kind));
    await migrate(db, 'demo', migrations);
  });
  afterAll(async () => {
    if (enabled) await drop();
  });

  it.runIf(enabled)('inserts with RETURNING and reads back jsonb, bigint and timestamptz as JS values', async () => {
    const q = typed<Tables>(db);
    const inserted = await q
      .insertInto('demo.things')
      .values({ name: 'first', tags: JSON.stringify(['a', 'b']), size: 5_000_000_000 })
      .returning(['id', 'name', 'tags', sql<number>`size::float8`.as('size'), 'created_at'])
      .executeTakeFirstOrThrow();
    expect(inserted).toMatchObject({ name: 'first', tags: ['a', 'b'], size: 5_000_000_000 });
    expect(inserted.created_at).toBeInstanceOf(Date);
    expect(typeof inserted.id).toBe('number');
  });

  it.runIf(enabled)('binds values as parameters, so quotes and SQL in values stay data', async () => {
    const q = typed<Tables>(db);
    const hostile = "x'); DROP TABLE demo.things; --";
    await q.insertInto('demo.things').values({ name: hostile }).execute();
    const found = await q.selectFrom('demo.things').select('name').where('name', '=', hostile).executeTakeFirst();
    expect(found?.name).toBe(hostile);
    const count = await q
      .selectFrom('demo.things')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(2);
  });

  it.runIf(enabled)('reports affected rows of updates and deletes, and matches arrays with ANY', async () => {
    const q = typed<Tables>(db);
    const updated = await q
      .updateTable('demo.things')
      .set({ size: 7 })
      .where('name', 'in', ['first'])
      .executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(1n);
    const none = await q.deleteFrom('demo.things').where('name', '=', 'nobody').executeTakeFirst();
    expect(none.numDeletedRows).toBe(0n);
    const rows = await q
      .selectFrom('demo.things')
      .select('name')
      .where(sql<boolean>`name = ANY(${['first', 'absent']}::text[])`)
      .execute();
    expect(rows.map((row) => row.name)).toEqual(['first']);
  });

  it.runIf(enabled)(
    'runs a builder bound to a transaction inside it, and rolls everything back on a throw',
    async () => {
      await expect(
        db.transaction(async (tx) => {
          await typed<Tables>(tx).insertInto('demo.things').values({ name: 'rolled-back' }).execute();
          const seen = await typed<Tables>(tx)
            .selectFrom('demo.things')
            .select('name')
            .where('name', '=', 'rolled-back')
            .executeTakeFirst();
          expect(seen?.name).toBe('rolled-back');
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const after = await typed<Tables>(db)
        .selectFrom('demo.things')
        .select('name')
        .where('name', '=', 'rolled-back')
        .executeTakeFirst();
      expect(after).toBeUndefined();
    },
  );

  it.runIf(enabled)("refuses Kysely's own transactions (they would BEGIN on a pooled query)", async () => {
    await expect(
      typed<Tables>(db)
        .transaction()
        .execute(async () => undefined),
    ).rejects.toThrow(/Database\.transaction/);
  });
});
