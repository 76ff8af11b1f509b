/**
 * Merge benchmark on generated clips:
 *  1. 20 compatible clips merged through the facade (probes supplied) vs the same ffmpeg command run alone with
 *     child_process: the facade's own cost (target ratio ≤ 1.1).
 *  2. The same through the facade when it has to probe the 20 inputs itself (one ffprobe each).
 *  3. Copy path vs re-encode path (forceNormalize) for the same inputs.
 *  4. The same merge as a job THROUGH video-service (POST → queue → probes → ffmpeg → verify → register) vs the
 *     bare command, each service run right after a bare run: everything the service adds around ffmpeg (issue 14's
 *     goal: ratio ≤ 1.2).
 *  5. The job's output check: the MP4 header read in-process (what the job does) vs ffprobe's check (what it did).
 * Run directly: `npx tsx bench/video-merge.ts`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createFfmpeg } from '../services/video-service/src/ffmpeg/ffmpeg.js';
import { concatListContent, mergeCopyArgs } from '../services/video-service/src/ffmpeg/merge-args.js';
import { resolveFfmpeg } from '../services/video-service/src/ffmpeg/resolve.js';
import { verifyMp4Output } from '../services/video-service/src/ffmpeg/verify.js';
import type { BenchResult } from './index.js';
import { timeServiceMerge } from './support/video-service-path.js';

const execFileAsync = promisify(execFile);
const CLIP_COUNT = 20;
const CLIP_SECONDS = 2;
const REPEATS = 5;

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Median of `repeats` timed runs, alternating with nothing else so both sides see the same cache state. */
async function medianMs(repeats: number, fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) samples.push(await timeMs(fn));
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

async function makeClips(ffmpeg: string, dir: string): Promise<string[]> {
  const paths = Array.from({ length: CLIP_COUNT }, (_, i) => join(dir, `clip-${String(i).padStart(2, '0')}.mp4`));
  for (let i = 0; i < paths.length; i += 2) {
    await Promise.all(
      paths
        .slice(i, i + 2)
        .map((path, j) =>
          execFileAsync(ffmpeg, [
            '-hide_banner',
            '-loglevel',
            'error',
            '-y',
            '-f',
            'lavfi',
            '-i',
            `testsrc2=size=640x360:rate=30:duration=${CLIP_SECONDS}`,
            '-f',
            'lavfi',
            '-i',
            `sine=frequency=${300 + (i + j) * 20}:sample_rate=48000:duration=${CLIP_SECONDS}`,
            '-c:v',
            'libx264',
            '-preset',
            'ultrafast',
            '-pix_fmt',
            'yuv420p',
            '-c:a',
            'aac',
            '-ac',
            '2',
            path,
          ]),
        ),
    );
  }
  return paths;
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const result = (name: string, value: number, reference: number, note: string): BenchResult => ({
  name,
  value: round(value, 1),
  unit: 'ms',
  reference: round(reference, 1),
  ratio: round(value / reference),
  note,
});

export async function run(): Promise<BenchResult[]> {
  const resolved = await resolveFfmpeg();
  const ff = createFfmpeg({ paths: resolved.paths });
  const dir = await mkdtemp(join(tmpdir(), 'smh-bench-merge-'));
  try {
    const clips = await makeClips(resolved.paths.ffmpeg, dir);
    const probes = await Promise.all(clips.map((path) => ff.probe(path)));
    const withProbes = clips.map((path, i) => ({ path, probe: probes[i] }));

    const listFile = join(dir, 'raw.ffconcat');
    await writeFile(listFile, concatListContent(clips));
    const rawArgs = mergeCopyArgs({ listFile, output: join(dir, 'raw.mp4') });
    const raw = () => execFileAsync(resolved.paths.ffmpeg, rawArgs);

    await raw(); // warm the page cache for both sides
    const rawMs = await medianMs(REPEATS, raw);
    const facadeMs = await medianMs(REPEATS, () => ff.merge(withProbes, join(dir, 'facade.mp4')));
    const probingMs = await medianMs(REPEATS, () => ff.merge(clips, join(dir, 'facade-probing.mp4')));
    const copy = await ff.merge(withProbes, join(dir, 'copy.mp4'));
    if (copy.plan.mode !== 'copy')
      throw new Error(`expected the copy path, got ${copy.plan.mode}: ${copy.plan.reason}`);
    const reencodeMs = await timeMs(() => ff.merge(withProbes, join(dir, 'reencode.mp4'), { forceNormalize: true }));
    const expectOutput = { video: true, audio: true, durationSec: CLIP_COUNT * CLIP_SECONDS };
    const headerCheckMs = await medianMs(REPEATS, async () => {
      const check = await verifyMp4Output(join(dir, 'copy.mp4'), expectOutput);
      if (check?.ok !== true) throw new Error(`the header check failed: ${check?.problems.join('; ')}`);
    });
    const probeCheckMs = await medianMs(REPEATS, () => ff.verifyOutput(join(dir, 'copy.mp4'), expectOutput));
    // The bare command runs right before each service run: on a shared machine both then see the same load.
    const service = await timeServiceMerge(clips, REPEATS, raw);
    if (service.mode !== 'copy') throw new Error(`expected the service to take the copy path, got ${service.mode}`);

    return [
      result(
        'video-merge: facade copy merge of 20 clips vs bare child_process',
        facadeMs,
        rawMs,
        `median of ${REPEATS}; ${CLIP_COUNT}x${CLIP_SECONDS}s 640x360 h264+aac; probes supplied by the caller; target ratio <= 1.1`,
      ),
      result(
        'video-merge: facade copy merge of 20 clips, probing inputs itself, vs bare child_process',
        probingMs,
        rawMs,
        `median of ${REPEATS}; includes ${CLIP_COUNT} ffprobe runs (2 at a time) that the bare command skips`,
      ),
      result(
        'video-merge: merge job through video-service (POST to video.completed) vs bare child_process',
        service.medianMs,
        service.referenceMs,
        `median of ${REPEATS}, each run right after a bare run; adds the queue, the input probes (cached after the warm-up run, as media.analyze caches them for downloaded files), the sniffing of every input, the output's check from its MP4 header (while it is hashed and flushed), commit and registration with file-service; its analysis (probe, poster) runs afterwards, niced, and is waited for outside the timing so it does not slow the next bare run; target ratio <= 1.2`,
      ),
      result(
        "video-merge: the output's check from its MP4 header (in process) vs ffprobe's check",
        headerCheckMs,
        probeCheckMs,
        `median of ${REPEATS}; the merged 40 s output; the job checks an MP4 the first way, anything else the second`,
      ),
      result(
        'video-merge: re-encode path vs copy path (20 clips)',
        reencodeMs,
        facadeMs,
        'forceNormalize (libx264 veryfast crf 23, aac 48k stereo) vs concat demuxer stream copy; single run',
      ),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await run()) {
    console.log(
      `${r.name}: ${r.value} ${r.unit} (reference ${r.reference} ${r.unit}, ratio ${r.ratio})${r.note === undefined ? '' : ` — ${r.note}`}`,
    );
  }
}
