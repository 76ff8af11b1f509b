/** Messages between `openPgliteThread` and the database thread (pglite-worker.mjs). */

export interface PgliteThreadData {
  dataDir?: string;
  /** A dump to start from (tests clone a migrated template this way). */
  loadDataDir?: Blob;
  initialMemoryBytes: number;
  postgresqlconf: string;
}

export type ThreadRequest =
  | { id: number; op: 'query'; text: string; params: unknown[]; tx?: number }
  | { id: number; op: 'exec'; script: string; tx?: number }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

/** An error as it crosses the thread: its message and PostgreSQL's fields (code, detail, constraint …). */
export type WireError = { name: string; message: string } & Record<string, string | number | undefined>;

/** `id` 0 is the thread's own "ready" (or its failure to open the database). */
export type ThreadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

export function fromWireError(wire: WireError): Error {
  const error = new Error(wire.message);
  for (const [key, value] of Object.entries(wire)) {
    if (key !== 'message' && value !== undefined) Object.assign(error, { [key]: value });
  }
  return error;
}
