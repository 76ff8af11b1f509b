export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

/** What repositories need: parameterised queries ($1, $2 …) that run the same on PGlite and PostgreSQL. */
export interface Sql {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction; rolls back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function one<Row>(sql: Sql, text: string, params?: readonly unknown[]): Promise<Row> {
  const { rows } = await sql.query<Row>(text, params);
  const row = rows[0];
  if (rows.length !== 1 || row === undefined) throw new Error(`expected one row, got ${rows.length}`);
  return row;
}

export async function maybeOne<Row>(sql: Sql, text: string, params?: readonly unknown[]): Promise<Row | undefined> {
  const { rows } = await sql.query<Row>(text, params);
  return rows[0];
}
