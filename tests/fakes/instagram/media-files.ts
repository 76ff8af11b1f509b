/**
 * Real media bytes for the fake CDN: JPEG photos and H.264/AAC MP4 videos made by ffmpeg (lavfi testsrc2 + sine),
 * deterministic per media id and size, cached on disk; and a deterministic synthetic byte stream of any length.
 */
import { spawn } from 'node:child_process';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MediaFileSpec {
  pk: string;
  kind: 'image' | 'video';
  width: number;
  height: number;
  durationSec?: number;
}

const CACHE_VERSION = 'v1';
export const DEFAULT_MEDIA_CACHE_DIR = join(tmpdir(), `smh-fake-instagram-media-${CACHE_VERSION}`);
const MAX_PARALLEL_FFMPEG = 2;

function hue(pk: string): number {
  return Number(BigInt(pk) % 360n);
}

export function ffmpegArgs(spec: MediaFileSpec, output: string): string[] {
  const size = `${spec.width}x${spec.height}`;
  const exact = ['-map_metadata', '-1', '-fflags', '+bitexact', '-flags:v', '+bitexact'];
  if (spec.kind === 'image') {
    return [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${size}:rate=1:duration=1`,
      '-vf',
      `hue=h=${hue(spec.pk)}`,
      '-frames:v',
      '1',
      '-q:v',
      '4',
      ...exact,
      '-f',
      'image2',
      output,
    ];
  }
  const duration = spec.durationSec ?? 2;
  const frequency = 220 + Number(BigInt(spec.pk) % 660n);
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${size}:rate=25:duration=${duration}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=${frequency}:sample_rate=44100:duration=${duration}`,
    '-vf',
    `hue=h=${hue(spec.pk)},format=yuv420p`,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-threads',
    '1',
    '-c:a',
    'aac',
    '-b:a',
    '64k',
    '-shortest',
    '-movflags',
    '+faststart',
    ...exact,
    '-flags:a',
    '+bitexact',
    '-f',
    'mp4',
    output,
  ];
}

function run(binary: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new Error(
              `Fake Instagram needs ffmpeg to make media ("${binary}" not found): apt-get install -y ffmpeg, or set FFMPEG_PATH`,
            )
          : error,
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`ffmpeg exited with ${code}: ${stderr.trim().slice(-500)}`));
    });
  });
}

export class MediaFiles {
  private readonly inFlight = new Map<string, Promise<string>>();
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(
    private readonly cacheDir = DEFAULT_MEDIA_CACHE_DIR,
    private readonly ffmpegPath = process.env['FFMPEG_PATH'] || 'ffmpeg',
  ) {}

  /** Path of the generated file (made on first use, then reused from the cache). */
  file(spec: MediaFileSpec): Promise<string> {
    const name = `${spec.kind}_${spec.pk}_${spec.width}x${spec.height}${spec.kind === 'video' ? `_${spec.durationSec ?? 2}s.mp4` : '.jpg'}`;
    const existing = this.inFlight.get(name);
    if (existing) return existing;
    const promise = this.generate(spec, join(this.cacheDir, name));
    this.inFlight.set(name, promise);
    promise.catch(() => this.inFlight.delete(name));
    return promise;
  }

  private async generate(spec: MediaFileSpec, target: string): Promise<string> {
    const cached = await stat(target).catch(() => undefined);
    if (cached && cached.size > 0) return target;
    await mkdir(this.cacheDir, { recursive: true });
    await this.slot();
    const temporary = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await run(this.ffmpegPath, ffmpegArgs(spec, temporary));
      await rename(temporary, target);
      return target;
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    } finally {
      this.release();
    }
  }

  private slot(): Promise<void> {
    if (this.running < MAX_PARALLEL_FFMPEG) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.queue.push(() => {
        this.running += 1;
        resolve();
      }),
    );
  }

  private release(): void {
    this.running -= 1;
    this.queue.shift()?.();
  }
}

const SYNTHETIC_CHUNK = 64 * 1024;

const MP4_FTYP = Buffer.from('000000186674797069736f6d0000020069736f6d61766331', 'hex');

/** Deterministic bytes of chunk `index` of the synthetic file of `pk` (xorshift32 seeded by pk and index). */
function syntheticChunk(pk: string, index: number): Buffer {
  const chunk = Buffer.allocUnsafe(SYNTHETIC_CHUNK);
  let state = (Number(BigInt(pk) % 4_294_967_291n) ^ Math.imul(index + 1, 2_654_435_761)) >>> 0 || 1;
  for (let offset = 0; offset < SYNTHETIC_CHUNK; offset += 4) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    chunk.writeUInt32LE(state, offset);
  }
  // The hub types downloads by their bytes: the synthetic file starts like an MP4 (an ftyp box), then noise.
  if (index === 0) MP4_FTYP.copy(chunk);
  return chunk;
}

/** Bytes [start, end] (inclusive) of the synthetic file, generated on the fly in 64 KiB chunks. */
export async function* syntheticBytes(pk: string, start: number, end: number): AsyncGenerator<Buffer> {
  for (let position = start; position <= end; ) {
    const index = Math.floor(position / SYNTHETIC_CHUNK);
    const chunkStart = index * SYNTHETIC_CHUNK;
    const from = position - chunkStart;
    const to = Math.min(SYNTHETIC_CHUNK, end - chunkStart + 1);
    yield syntheticChunk(pk, index).subarray(from, to);
    position = chunkStart + to;
  }
}
