/**
 * The embedded database's own thread: one PGlite (PostgreSQL in WASM) answering the messages of
 * `openPgliteThread` (pglite-thread.ts; the message shapes are in pglite-protocol.ts). Its CPU (a few milliseconds
 * per statement) then runs beside the services' event loop instead of inside it. Every request gets exactly one
 * reply; a transaction holds PGlite's session from `begin` to `end`, and PGlite's own lock makes any other
 * statement wait for it meanwhile.
 * Plain JavaScript on purpose: Node 20 cannot start a worker thread from a TypeScript file (tsx's loader hooks do
 * not reach worker threads there), and this file runs the same from source, compiled and in the images.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

if (!parentPort) throw new Error('pglite-worker.mjs runs only as a worker thread');
const port = parentPort;
/** @type {import('./pglite-protocol.js').PgliteThreadData} */
const data = workerData;

class Rollback extends Error {}

/** @param {unknown} error @returns {import('./pglite-protocol.js').WireError} */
function toWireError(error) {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  /** @type {import('./pglite-protocol.js').WireError} */
  const wire = { name: error.name, message: error.message };
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string' || typeof value === 'number') wire[key] = value;
  }
  return wire;
}

/** @param {import('./pglite-protocol.js').ThreadReply} message */
function reply(message) {
  port.postMessage(message);
}

/** @type {PGlite} */
let pg;
try {
  pg = await PGlite.create({
    ...(data.dataDir === undefined ? {} : { dataDir: data.dataDir }),
    ...(data.loadDataDir === undefined ? {} : { loadDataDir: data.loadDataDir }),
    initialMemory: data.initialMemoryBytes,
    postgresqlconf: data.postgresqlconf,
  });
} catch (error) {
  reply({ id: 0, ok: false, error: toWireError(error) });
  throw error;
}

/** Open transactions by the id of the `begin` that opened them; `finish` ends PGlite's callback. */
const transactions = new Map();
/** The `end` request waiting for its transaction to be committed or rolled back, by transaction. */
const endings = new Map();

/** @param {number | undefined} tx */
function target(tx) {
  if (tx === undefined) return pg;
  const open = transactions.get(tx);
  if (!open) throw new Error(`transaction ${tx} is not open`);
  return open.tx;
}

/**
 * Opens a transaction named by the `begin` request's id and answers that request once it is open. The transaction
 * then waits for its `end`, which is answered when PGlite has committed or rolled back.
 * @param {number} id
 */
function begin(id) {
  let opened = false;
  const settled = pg.transaction(
    (tx) =>
      new Promise((resolve, reject) => {
        opened = true;
        transactions.set(id, {
          tx,
          finish: (/** @type {boolean} */ commit) => (commit ? resolve(undefined) : reject(new Rollback())),
        });
        reply({ id, ok: true, value: null });
      }),
  );
  /** @param {unknown} [error] */
  const settle = (error) => {
    transactions.delete(id);
    const end = endings.get(id);
    endings.delete(id);
    const failed = error !== undefined && !(error instanceof Rollback);
    if (!opened)
      reply({ id, ok: false, error: toWireError(error) }); // BEGIN itself failed
    else if (end !== undefined)
      reply(failed ? { id: end, ok: false, error: toWireError(error) } : { id: end, ok: true, value: null });
  };
  settled.then(() => settle(), settle);
}

/** @param {import('./pglite-protocol.js').ThreadRequest} request */
async function handle(request) {
  try {
    switch (request.op) {
      case 'query': {
        const result = await target(request.tx).query(request.text, request.params);
        reply({
          id: request.id,
          ok: true,
          value: { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length },
        });
        return;
      }
      case 'exec':
        await target(request.tx).exec(request.script);
        reply({ id: request.id, ok: true, value: null });
        return;
      case 'begin':
        begin(request.id);
        return;
      case 'end': {
        const open = transactions.get(request.tx);
        if (!open) throw new Error(`transaction ${request.tx} is not open`);
        endings.set(request.tx, request.id);
        open.finish(request.commit);
        return;
      }
      case 'close':
        if (!pg.closed) await pg.close();
        reply({ id: request.id, ok: true, value: null });
        return;
    }
  } catch (error) {
    reply({ id: request.id, ok: false, error: toWireError(error) });
  }
}

port.on('message', (request) => void handle(request));
reply({ id: 0, ok: true, value: null });
