/**
 * Reads Firefox's cookies.sqlite with sql.js (SQLite compiled to WebAssembly: no native build) in a worker thread
 * with a time and memory limit: a hostile file (a recursive view, a database built to be slow) ends in a 400,
 * and the hub keeps answering meanwhile.
 */
import { Worker } from 'node:worker_threads';
import { CookieImportError, cookiesFromBrowserRows, type BrowserCookie } from '../domain/cookie-import.js';
import type { CookieMap } from '../domain/session-crypto.js';

export interface CookieReadLimits {
  /** Wall time for the whole read, worker start-up included. */
  timeoutMs: number;
  /** Heap of the worker (V8 old generation). */
  maxHeapMb: number;
}
export const COOKIE_READ_LIMITS: CookieReadLimits = { timeoutMs: 5_000, maxHeapMb: 64 };

type WorkerAnswer = { rows: BrowserCookie[] } | { refused: string };

const WORKER_URL = new URL('./firefox-cookies-worker.mjs', import.meta.url);

function readInWorker(bytes: Buffer, limits: CookieReadLimits): Promise<WorkerAnswer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, {
      workerData: { bytes: new Uint8Array(bytes) },
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 16 },
      // The worker needs no loader hooks or flags of the parent (tsx, inspector).
      execArgv: [],
    });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new CookieImportError(`Reading the SQLite file took longer than ${limits.timeoutMs / 1000} s.`)),
        ),
      limits.timeoutMs,
    );
    worker.once('message', (answer: WorkerAnswer) => finish(() => resolve(answer)));
    worker.once('error', (error: Error & { code?: string }) =>
      finish(() =>
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? reject(new CookieImportError('Reading the SQLite file needed more memory than allowed.'))
          : reject(error),
      ),
    );
    worker.once('exit', (code) =>
      finish(() => reject(new CookieImportError(`Reading the SQLite file stopped unexpectedly (exit ${code}).`))),
    );
  });
}

export async function readFirefoxCookies(
  bytes: Buffer,
  limits: CookieReadLimits = COOKIE_READ_LIMITS,
): Promise<CookieMap> {
  const answer = await readInWorker(bytes, limits);
  if ('refused' in answer) throw new CookieImportError(answer.refused);
  return cookiesFromBrowserRows(answer.rows);
}
