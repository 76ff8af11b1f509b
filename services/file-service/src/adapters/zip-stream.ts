/**
 * A ZIP archive produced as a stream (yazl): entries are opened one at a time as the client reads, nothing
 * is buffered on disk, and an error in any entry destroys the output, so a client never receives a
 * truncated archive that looks complete.
 */
import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';

export interface ZipEntrySource {
  /** Unique, safe entry name. */
  name: string;
  size: number;
  modifiedAt: Date;
  /** false stores the bytes as they are (STORE): already-compressed media gain nothing from deflate. */
  compress: boolean;
  open(): Promise<Readable>;
}

export function zipStream(entries: readonly ZipEntrySource[]): Readable {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  const fail = (error: unknown) => {
    if (!output.destroyed) output.destroy(error instanceof Error ? error : new Error(String(error)));
  };
  zip.on('error', fail);
  // Stop reading entries when the client went away.
  const reading = new Set<Readable>();
  output.once('close', () => {
    for (const stream of reading) stream.destroy();
  });
  for (const entry of entries) {
    zip.addReadStreamLazy(
      entry.name,
      { size: entry.size, mtime: entry.modifiedAt, compress: entry.compress },
      (done) => {
        entry.open().then(
          (stream) => {
            stream.once('error', fail);
            reading.add(stream);
            stream.once('close', () => reading.delete(stream));
            done(null, stream);
          },
          (error: unknown) => fail(error),
        );
      },
    );
  }
  zip.end();
  return output;
}
