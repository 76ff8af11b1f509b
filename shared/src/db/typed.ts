/**
 * Typed SQL: Kysely's query builder over the project's own `Sql` adapter, so one dialect serves PGlite and `pg`.
 *
 * Kysely's PostgresDialect wants a pg-like pool and runs transactions itself (BEGIN on a connection it holds).
 * Our `Database` already owns the per-engine parts (PGlite's single serialised session, pg's pool and its
 * transaction client), so the driver below only hands compiled queries to a `Sql`. A transaction is
 * `db.transaction((tx) => fn(typed(tx)))`: the Kysely instance bound to `tx` runs every query on the
 * transaction's session. Kysely's own `.transaction()` would BEGIN on a pooled query, so it refuses.
 */
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely';
import type { Sql } from './types.js';

export {
  type ColumnType,
  type Expression,
  type ExpressionBuilder,
  type Generated,
  type Insertable,
  type Kysely,
  type Selectable,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
  type Updateable,
} from 'kysely';

class SqlConnection implements DatabaseConnection {
  constructor(private readonly target: Sql) {}

  async executeQuery<Row>(compiled: CompiledQuery): Promise<QueryResult<Row>> {
    const result = await this.target.query<Row>(compiled.sql, compiled.parameters);
    const kind = compiled.query.kind;
    const changes = kind === 'InsertQueryNode' || kind === 'UpdateQueryNode' || kind === 'DeleteQueryNode';
    return changes ? { rows: result.rows, numAffectedRows: BigInt(result.rowCount) } : { rows: result.rows };
  }

  // biome-ignore lint/correctness/useYield: streaming is refused before the first row.
  async *streamQuery<Row>(): AsyncIterableIterator<QueryResult<Row>> {
    throw new Error('typed SQL does not stream; page with limit/offset or a cursor');
  }
}

class SqlDriver implements Driver {
  private readonly connection: SqlConnection;

  constructor(target: Sql) {
    this.connection = new SqlConnection(target);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }

  async beginTransaction(): Promise<void> {
    throw new Error('use Database.transaction((tx) => fn(typed(tx))) instead of Kysely transactions');
  }

  async commitTransaction(): Promise<void> {}

  async rollbackTransaction(): Promise<void> {}

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {}
}

function sqlDialect(target: Sql): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new SqlDriver(target),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

const cache = new WeakMap<Sql, Kysely<unknown>>();

/**
 * A Kysely instance over `target` (a `Database` or a transaction's `Sql`), typed by the service's table interface.
 * Destroying it is not needed: it owns nothing; the `Database` keeps the connections.
 */
export function typed<Tables>(target: Sql): Kysely<Tables> {
  let instance = cache.get(target);
  if (!instance) {
    instance = new Kysely<unknown>({ dialect: sqlDialect(target) });
    cache.set(target, instance);
  }
  return instance as Kysely<Tables>;
}

/** A Kysely instance that compiles queries but has no database: for tests of pure query builders (`.compile()`). */
export function compileOnly<Tables>(): Kysely<Tables> {
  return new Kysely<Tables>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}
