/**
 * Content sniffing with the `file-type` package (shared/src/media/sniff.ts, run once per downloaded or uploaded
 * file) against references measured in the same run on the same files: the hand-written sniffer it replaced (the
 * library swap's "before", bench/support/hand-written-sniffer.ts), reading the same 4100 bytes without looking at
 * them (the I/O floor of any sniffer), and the sha256 of the whole file that the pipeline computes for every file
 * anyway. Files: a JPEG, an MP4, a WebM, an MP3 and a non-media file (made by ffmpeg in a temp folder).
 *
 *   npx tsx bench/sniff.ts          (BENCH_SNIFF_ROUNDS=2000 sniffs per file)
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SNIFF_BYTES, sniffFile } from '@smh/shared/media/sniff';
import type { BenchResult } from './index.js';
import { sniffMedia as handWrittenSniff } from './support/hand-written-sniffer.js';

const ROUNDS = Number(process.env.BENCH_SNIFF_ROUNDS ?? 2000);
const exec = promisify(execFile);

async function makeFiles(dir: string): Promise<string[]> {
  const source = ['-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25:duration=2'];
  const tone = ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2'];
  const quiet = ['-hide_banner', '-loglevel', 'error', '-y'];
  const files = {
    jpeg: [...quiet, ...source, '-frames:v', '1', path.join(dir, 'still.jpg')],
    mp4: [
      ...quiet,
      ...source,
      ...tone,
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-c:a',
      'aac',
      path.join(dir, 'clip.mp4'),
    ],
    webm: [...quiet, ...source, '-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '300k', path.join(dir, 'clip.webm')],
    mp3: [...quiet, ...tone, '-c:a', 'libmp3lame', path.join(dir, 'tone.mp3')],
  };
  for (const args of Object.values(files)) await exec('ffmpeg', args);
  await fs.writeFile(path.join(dir, 'notes.txt'), 'not media\n'.repeat(1000));
  return [...Object.values(files).map((args) => args.at(-1) as string), path.join(dir, 'notes.txt')];
}

async function readHead(file: string): Promise<void> {
  const handle = await fs.open(file, 'r');
  try {
    await handle.read(Buffer.alloc(SNIFF_BYTES), 0, SNIFF_BYTES, 0);
  } finally {
    await handle.close();
  }
}

/** The way the hub sniffed before file-type: the first 4096 bytes, matched against its own signature list. */
async function handWritten(file: string): Promise<unknown> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, 4096, 0);
    return handWrittenSniff(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

async function hashWhole(file: string): Promise<void> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  hash.digest();
}

/** Milliseconds per call of `step` over every file, `rounds` times each. */
async function perCall(files: string[], rounds: number, step: (file: string) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let round = 0; round < rounds; round += 1) for (const file of files) await step(file);
  return (performance.now() - started) / (rounds * files.length);
}

export async function run(): Promise<BenchResult[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-bench-sniff-'));
  try {
    const files = await makeFiles(dir);
    const kinds = await Promise.all(files.map(async (file) => (await sniffFile(file)).kind));
    if (kinds.join() !== 'media,media,media,media,refused') throw new Error(`unexpected sniff results: ${kinds}`);
    const beforeKinds = await Promise.all(
      files.map(async (file) => ((await handWritten(file)) as { kind: string }).kind),
    );
    if (beforeKinds.join() !== kinds.join()) throw new Error(`the hand-written sniffer disagrees: ${beforeKinds}`);
    // Warm up, then alternate the sides so load changes weigh on all of them.
    await perCall(files, 50, sniffFile);
    const sniff: number[] = [];
    const before: number[] = [];
    const head: number[] = [];
    const hash: number[] = [];
    for (let part = 0; part < 4; part += 1) {
      sniff.push(await perCall(files, ROUNDS / 4, sniffFile));
      before.push(await perCall(files, ROUNDS / 4, handWritten));
      head.push(await perCall(files, ROUNDS / 4, readHead));
      hash.push(await perCall(files, Math.max(1, ROUNDS / 40), hashWhole));
    }
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const [s, b, h, w] = [mean(sniff), mean(before), mean(head), mean(hash)];
    return [
      {
        name: 'file-type sniff vs the hand-written sniffer it replaced',
        value: s,
        unit: 'ms/file',
        reference: b,
        ratio: s / b,
        note: 'file-type also names what it refuses (e.g. "ELF executable")',
      },
      {
        name: 'file-type sniff vs reading the same 4100 bytes',
        value: s,
        unit: 'ms/file',
        reference: h,
        ratio: s / h,
        note: `${files.length} files (jpeg, mp4, webm, mp3, text)`,
      },
      {
        name: 'file-type sniff vs sha256 of the whole file',
        value: s,
        unit: 'ms/file',
        reference: w,
        ratio: s / w,
        note: 'the pipeline hashes every file anyway',
      },
    ];
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of await run())
    console.log(
      `${row.name}: ${row.value.toFixed(3)} vs ${row.reference.toFixed(3)} ${row.unit} = ${row.ratio.toFixed(2)}×`,
    );
}
