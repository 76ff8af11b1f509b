/**
 * Group commit for catalog registrations: files finished while a registration call is in flight wait and go
 * together in the next call (POST /internal/files/batch, one INSERT), and a call that follows the previous one
 * closely waits `lingerMs` for more (batch-linger.ts), so the catalog cost per file falls as the rate rises; a lone
 * file is registered at once (no added latency).
 */
import { AppError, type InternalFile, type RegisterFile } from '@smh/shared';
import { batchLinger, type LingerClock } from '../domain/batch-linger.js';

export type RegistrationResult =
  | { file: InternalFile }
  | { error: { status: number; code: string; message: string; details?: unknown } };

/** Sends one batch; answers one result per file, in order. */
export type SendRegistrations = (files: RegisterFile[], requestId?: string) => Promise<RegistrationResult[]>;

interface Waiting {
  file: RegisterFile;
  requestId?: string;
  resolve(file: InternalFile): void;
  reject(error: unknown): void;
}

export function batchedRegistration(
  send: SendRegistrations,
  maxBatch: number,
  options: { lingerMs?: number; clock?: LingerClock } = {},
): (file: RegisterFile, requestId?: string) => Promise<InternalFile> {
  const linger = batchLinger(options.lingerMs ?? 0, maxBatch, options.clock);
  const waiting: Waiting[] = [];
  let sending = false;

  async function flush(): Promise<void> {
    sending = true;
    try {
      while (waiting.length > 0) {
        await linger.beforeWrite(waiting.length);
        const batch = waiting.splice(0, maxBatch);
        try {
          const results = await send(
            batch.map((entry) => entry.file),
            batch.find((entry) => entry.requestId)?.requestId,
          );
          if (results.length !== batch.length)
            throw new AppError(
              502,
              'UPSTREAM_ERROR',
              `file-service answered ${results.length} of ${batch.length} files`,
            );
          for (const [i, entry] of batch.entries()) {
            const result = results[i] as RegistrationResult;
            if ('file' in result) entry.resolve(result.file);
            else
              entry.reject(
                new AppError(result.error.status, result.error.code, result.error.message, result.error.details),
              );
          }
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
        linger.afterWrite();
      }
    } finally {
      sending = false;
    }
  }

  return (file, requestId) =>
    new Promise<InternalFile>((resolve, reject) => {
      waiting.push({ file, ...(requestId ? { requestId } : {}), resolve, reject });
      // Files finished in the same tick go together; later ones wait for the call in flight.
      if (!sending) {
        sending = true;
        queueMicrotask(() => void flush());
      }
    });
}
