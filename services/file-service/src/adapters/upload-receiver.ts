/**
 * Streams an upload into a temporary file of the library while hashing it (SHA-256), counting its bytes
 * and keeping its first bytes for type sniffing. Memory stays flat whatever the size; on any failure the
 * temporary file is removed.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MediaStorage } from '@smh/shared';

export interface ReceivedFile {
  tempPath: string;
  size: number;
  sha256: string;
  /** The first `headBytes` bytes (fewer when the file is shorter). */
  head: Buffer;
}

export class UploadTooLargeError extends Error {
  override name = 'UploadTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`the file is larger than the limit of ${maxBytes} bytes`);
  }
}

export interface ReceiveOptions {
  maxBytes: number;
  headBytes: number;
  /** Whether the multipart parser cut the file at its own size limit. */
  truncated?: () => boolean;
}

export async function receiveToTempFile(
  source: Readable,
  storage: MediaStorage,
  options: ReceiveOptions,
): Promise<ReceivedFile> {
  const tempPath = await storage.tempFile('.upload');
  const hash = createHash('sha256');
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  const inspect = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > options.maxBytes) return callback(new UploadTooLargeError(options.maxBytes));
      hash.update(chunk);
      if (headLength < options.headBytes) {
        const part = chunk.subarray(0, options.headBytes - headLength);
        headChunks.push(part);
        headLength += part.length;
      }
      callback(null, chunk);
    },
  });
  try {
    await pipeline(source, inspect, createWriteStream(tempPath, { flags: 'wx' }));
    if (options.truncated?.()) throw new UploadTooLargeError(options.maxBytes);
    return { tempPath, size, sha256: hash.digest('hex'), head: Buffer.concat(headChunks) };
  } catch (error) {
    await fs.rm(tempPath, { force: true });
    throw error;
  }
}
