/**
 * Embedded PostgreSQL on a thread of its own. PGlite is PostgreSQL compiled to WASM: every statement runs
 * synchronously on the thread that owns it (~1-3 ms each), so in the services' thread it stalled every request,
 * transfer and timer for that long. Here it owns a worker thread (pglite-worker.mjs) and the services talk to it
 * through messages; the second core does the database's work while the first serves.
 */
import { Worker } from 'node:worker_threads';
import type { PgliteThreadData, ThreadReply, ThreadRequest, WireError } from './pglite-protocol.js';
import { fromWireError } from './pglite-protocol.js';
import type { Database, QueryResult, Sql } from './types.js';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type Request = ThreadRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The thread's module (plain JavaScript) sits next to this one, in src/ and in dist/ alike. */
const WORKER_URL = new URL('./pglite-worker.mjs', import.meta.url);

export async function openPgliteThread(data: PgliteThreadData): Promise<Omit<Database, 'kind'>> {
  // The thread inherits node's options (a --cpu-prof profiles it too), except one a worker refuses.
  const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--input-type'));
  const worker = new Worker(WORKER_URL, { workerData: data, execArgv });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let stopped: Error | undefined;

  const ready = new Promise<void>((resolve, reject) => pending.set(0, { resolve: () => resolve(), reject }));
  // Like PGlite in this thread, the database keeps the process alive only while a statement is under way: an idle
  // thread does not hold off the process's exit (a script that forgot close() still ends).
  const settled = () => {
    if (pending.size === 0) worker.unref();
  };
  worker.on('message', (message: ThreadReply) => {
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    settled();
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(fromWireError(message.error as WireError));
  });
  const fail = (error: Error) => {
    stopped ??= error;
    for (const waiting of pending.values()) waiting.reject(stopped);
    pending.clear();
  };
  worker.on('error', (error) => fail(new Error(`the embedded database stopped: ${error.message}`, { cause: error })));
  worker.on('exit', (code) => fail(new Error(`the embedded database stopped (its thread exited with code ${code})`)));

  /** Sends one request; its id names a transaction when the request is a `begin`. */
  const send = (request: Request): { id: number; answer: Promise<unknown> } => {
    const id = nextId++;
    if (stopped) return { id, answer: Promise.reject(stopped) };
    const answer = new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    worker.ref();
    worker.postMessage({ ...request, id } as ThreadRequest);
    return { id, answer };
  };
  const call = (request: Request): Promise<unknown> => send(request).answer;

  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }

  const sql = (tx?: number): Sql => ({
    async query<Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      return (await call({
        op: 'query',
        text,
        params: [...params],
        ...(tx === undefined ? {} : { tx }),
      })) as QueryResult<Row>;
    },
    async exec(script: string): Promise<void> {
      await call({ op: 'exec', script, ...(tx === undefined ? {} : { tx }) });
    },
  });

  return {
    ...sql(),
    async transaction(fn) {
      const begun = send({ op: 'begin' });
      const tx = begun.id;
      await begun.answer;
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn(sql(tx));
      } catch (error) {
        await call({ op: 'end', tx, commit: false }).catch(() => undefined);
        throw error;
      }
      await call({ op: 'end', tx, commit: true });
      return result;
    },
    async ping() {
      await call({ op: 'query', text: 'select 1', params: [] });
    },
    async close() {
      if (!stopped) {
        await call({ op: 'close' }).catch(() => undefined);
        await worker.terminate();
      }
    },
  };
}
