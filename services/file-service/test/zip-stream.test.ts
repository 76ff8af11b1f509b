/** The ZIP stream fails loudly (destroyed with an error) rather than ending as a complete-looking archive. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { zipStream, type ZipEntrySource } from '../src/adapters/zip-stream.js';

async function drain(stream: Readable): Promise<{ bytes: number; error?: Error }> {
  let bytes = 0;
  try {
    for await (const chunk of stream) bytes += (chunk as Buffer).length;
    return { bytes };
  } catch (error) {
    return { bytes, error: error as Error };
  }
}

const entry = (name: string, open: () => Promise<Readable>, size: number): ZipEntrySource => ({
  name,
  size,
  modifiedAt: new Date(0),
  compress: false,
  open,
});

describe('zipStream', () => {
  it('ends normally with an end-of-central-directory record when every entry is whole', async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of zipStream([entry('a.bin', async () => Readable.from([Buffer.alloc(10, 1)]), 10)]))
      chunks.push(chunk as Buffer);
    const zip = Buffer.concat(chunks);
    expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
    expect(zip.includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]))).toBe(true);
  });

  it('errors when an entry fails while being read', async () => {
    const failing = async () =>
      new Readable({
        read() {
          this.push(Buffer.alloc(5));
          this.destroy(new Error('disk went away'));
        },
      });
    const result = await drain(
      zipStream([entry('a.bin', async () => Readable.from([Buffer.alloc(10)]), 10), entry('b.bin', failing, 100)]),
    );
    expect(result.error?.message).toBe('disk went away');
  });

  it('errors when an entry cannot be opened or is shorter than announced', async () => {
    expect((await drain(zipStream([entry('a.bin', () => Promise.reject(new Error('gone')), 3)]))).error?.message).toBe(
      'gone',
    );
    const short = await drain(zipStream([entry('a.bin', async () => Readable.from([Buffer.alloc(3)]), 10)]));
    expect(short.error?.message).toMatch(/unexpected number of bytes/);
  });
});
