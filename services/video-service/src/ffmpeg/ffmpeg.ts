/**
 * The facade the jobs use: each operation probes what it needs, builds its command with the pure builders and runs
 * it through the one runner, writing to the output path the caller chose (temp files and moving are the caller's).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { sniffFile } from '@smh/shared/media/sniff';
import { join, resolve } from 'node:path';
import { audioExtractionMode, extractAudioArgs, type AudioExtractionMode } from './audio-args.js';
import { FfmpegError, invalidOptions, isFfmpegError } from './errors.js';
import { concatListContent, mergeCopyArgs, mergeNormalizeArgs } from './merge-args.js';
import { planMerge, type MergePlan } from './merge-plan.js';
import {
  extractAudioOptionsSchema,
  parseOptions,
  posterOptionsSchema,
  trimOptionsSchema,
  type ContactSheetOptionsInput,
  type ExtractAudioOptionsInput,
  type MergeOptionsInput,
  type PosterOptionsInput,
  type TranscodeOptionsInput,
  type TrimOptionsInput,
  transcodeOptionsSchema,
} from './options.js';
import type { InputFormat } from './paths.js';
import { parseProbe, probeArgs, type ProbeResult } from './probe.js';
import type { ProgressListener } from './progress.js';
import type { FfmpegPaths } from './resolve.js';
import { runProcess, type ProcessRunner } from './runner.js';
import {
  contactSheetArgs,
  contactSheetLayout,
  posterArgs,
  posterSize,
  posterTime,
  type ContactSheetLayout,
} from './still-args.js';
import { presetFrameSize, transcodeArgs, type FrameSize } from './transcode-args.js';
import { planTrim, trimArgs, type TrimPlan } from './trim-args.js';
import { checkProbe, outputFileProblem, type OutputExpectations, type VerifyResult } from './verify.js';

export interface RunControl {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Overrides the facade's default timeout for this run. */
  timeoutMs?: number;
}

export interface ProbeOptions {
  keyframes?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** A path, or a path with its probe when the caller already has it (saves one ffprobe per input). */
export type MergeInput = string | { path: string; probe?: ProbeResult };

export interface OperationResult {
  output: string;
  /** The ffmpeg arguments that ran (for logs). */
  args: string[];
}
export interface MergeResult extends OperationResult {
  plan: MergePlan;
}
export interface TranscodeResult extends OperationResult {
  width: number;
  height: number;
  durationSec: number;
}
export interface PosterResult extends OperationResult {
  width: number;
  height: number;
  atSec: number;
}
export interface ContactSheetResult extends OperationResult {
  layout: ContactSheetLayout;
}
export interface ExtractAudioResult extends OperationResult {
  mode: AudioExtractionMode;
  format: 'm4a' | 'mp3';
  durationSec: number;
}
export interface TrimResult extends OperationResult {
  plan: TrimPlan;
}

export interface Ffmpeg {
  readonly paths: FfmpegPaths;
  probe(file: string, options?: ProbeOptions): Promise<ProbeResult>;
  merge(
    inputs: readonly MergeInput[],
    output: string,
    options?: MergeOptionsInput,
    control?: RunControl,
  ): Promise<MergeResult>;
  transcode(
    input: string,
    output: string,
    options?: TranscodeOptionsInput,
    control?: RunControl,
  ): Promise<TranscodeResult>;
  poster(input: string, output: string, options?: PosterOptionsInput, control?: RunControl): Promise<PosterResult>;
  contactSheet(
    input: string,
    output: string,
    options?: ContactSheetOptionsInput,
    control?: RunControl,
  ): Promise<ContactSheetResult>;
  extractAudio(
    input: string,
    output: string,
    options?: ExtractAudioOptionsInput,
    control?: RunControl,
  ): Promise<ExtractAudioResult>;
  trim(input: string, output: string, options: TrimOptionsInput, control?: RunControl): Promise<TrimResult>;
  /** Probes an output and compares it with what the operation promised; never throws for a bad file. */
  verifyOutput(path: string, expectations: OutputExpectations): Promise<VerifyResult>;
}

export interface CreateFfmpegOptions {
  paths: FfmpegPaths;
  runner?: ProcessRunner;
  /** Default limit for one ffmpeg run. */
  timeoutMs?: number;
  /** Limit for one ffprobe run. */
  probeTimeoutMs?: number;
  /** How many inputs a merge probes at once. */
  probeConcurrency?: number;
  /** CPU niceness of every ffmpeg/ffprobe this facade starts (see RunProcessOptions.niceness). */
  niceness?: number;
}

const DEFAULT_TIMEOUT_MS = 2 * 60 * 60 * 1000;
const DEFAULT_PROBE_TIMEOUT_MS = 60_000;

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function displaySize(probe: ProbeResult, what: string): FrameSize {
  if (probe.video === undefined) throw invalidOptions(`${what} needs a video stream or picture, the input has none`);
  return { width: probe.video.displayWidth, height: probe.video.displayHeight };
}

/** The demuxer for a file, from its bytes; a file that is not media is never handed to ffmpeg at all. */
export async function sniffedFormat(path: string): Promise<InputFormat> {
  const sniffed = await sniffFile(path);
  if (sniffed.kind === 'media') return sniffed.format;
  throw new FfmpegError('NOT_MEDIA', `The input is not a supported image, video or audio file (${sniffed.detected})`);
}

export function createFfmpeg({
  paths,
  runner = runProcess,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  probeTimeoutMs = DEFAULT_PROBE_TIMEOUT_MS,
  probeConcurrency = 2,
  niceness,
}: CreateFfmpegOptions): Ffmpeg {
  const priority = niceness === undefined ? {} : { niceness };
  const runFfmpeg = async (args: string[], control: RunControl, progressTotalSec: number | undefined) => {
    await runner({
      cmd: paths.ffmpeg,
      args,
      ...priority,
      timeoutMs: control.timeoutMs ?? timeoutMs,
      ...(control.signal === undefined ? {} : { signal: control.signal }),
      ...(control.onProgress === undefined ? {} : { onProgress: control.onProgress }),
      ...(progressTotalSec === undefined ? {} : { progressTotalSec }),
    });
  };

  const probe = async (file: string, options: ProbeOptions = {}): Promise<ProbeResult> => {
    const format = await sniffedFormat(file);
    const { stdout } = await runner({
      cmd: paths.ffprobe,
      args: probeArgs(file, format, { keyframes: options.keyframes === true }),
      ...priority,
      timeoutMs: options.timeoutMs ?? probeTimeoutMs,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return parseProbe(stdout);
  };

  const probeVideo = (file: string, control: RunControl, keyframes = false) =>
    probe(file, { keyframes, ...(control.signal === undefined ? {} : { signal: control.signal }) });

  return {
    paths,
    probe,

    async merge(inputs, output, options = {}, control = {}) {
      const resolved = inputs.map((input) => (typeof input === 'string' ? { path: input } : input));
      const inputPaths = resolved.map((input) => resolve(input.path));
      const probes = await mapLimited(resolved, probeConcurrency, (input) =>
        input.probe !== undefined ? Promise.resolve(input.probe) : probeVideo(input.path, control),
      );
      const plan = planMerge(probes, options);
      // Sniffed for the normalize command's -f and, for a copy, so the concat list names nothing but media.
      const inputFormats = await Promise.all(inputPaths.map(sniffedFormat));
      if (plan.mode === 'normalize') {
        const args = mergeNormalizeArgs({ inputs: inputPaths, inputFormats, plan, output, options });
        await runFfmpeg(args, control, plan.totalDurationSec);
        return { output, args, plan };
      }
      const listDir = await mkdtemp(join(tmpdir(), 'smh-concat-'));
      try {
        const listFile = join(listDir, 'inputs.ffconcat');
        await writeFile(listFile, concatListContent(inputPaths), 'utf8');
        const args = mergeCopyArgs({ listFile, output });
        await runFfmpeg(args, control, plan.totalDurationSec);
        return { output, args, plan };
      } finally {
        await rm(listDir, { recursive: true, force: true });
      }
    },

    async transcode(input, output, options = {}, control = {}) {
      const { preset } = parseOptions(transcodeOptionsSchema, options, 'transcode');
      const source = await probeVideo(input, control);
      if (source.isImage) throw invalidOptions('Transcoding needs a video, the input is a still picture');
      const frame = displaySize(source, 'Transcoding');
      const size = presetFrameSize(frame, preset);
      const args = transcodeArgs({ input, inputFormat: await sniffedFormat(input), output, source: frame, options });
      await runFfmpeg(args, control, source.durationSec);
      return { output, args, ...size, durationSec: source.durationSec };
    },

    async poster(input, output, options = {}, control = {}) {
      const opts = parseOptions(posterOptionsSchema, options, 'poster');
      const source = await probeVideo(input, control);
      const frame = displaySize(source, 'A poster');
      const size = posterSize(frame, opts.width);
      // A photo has one frame (ffprobe says 0.04 s): any seek would skip it and ffmpeg would write nothing.
      const durationSec = source.isImage ? 0 : source.durationSec;
      const inputFormat = await sniffedFormat(input);
      const args = posterArgs({ input, inputFormat, output, source: frame, durationSec, options });
      await runFfmpeg(args, control, undefined);
      return { output, args, ...size, atSec: posterTime(opts.atSec, durationSec) };
    },

    async contactSheet(input, output, options = {}, control = {}) {
      const source = await probeVideo(input, control);
      const frame = displaySize(source, 'A contact sheet');
      const args = contactSheetArgs({
        input,
        inputFormat: await sniffedFormat(input),
        output,
        source: frame,
        durationSec: source.durationSec,
        options,
      });
      await runFfmpeg(args, control, source.durationSec);
      return { output, args, layout: contactSheetLayout(frame, options) };
    },

    async extractAudio(input, output, options = {}, control = {}) {
      const source = await probeVideo(input, control);
      const { format } = parseOptions(extractAudioOptionsSchema, options, 'extract-audio');
      const args = extractAudioArgs({
        input,
        inputFormat: await sniffedFormat(input),
        output,
        sourceAudioCodec: source.audio?.codec,
        options,
      });
      await runFfmpeg(args, control, source.durationSec);
      const mode = audioExtractionMode(format, source.audio?.codec ?? '');
      return { output, args, mode, format, durationSec: source.durationSec };
    },

    async trim(input, output, options, control = {}) {
      const { startSec, endSec, ...encoding } = parseOptions(trimOptionsSchema, options, 'trim');
      const source = await probeVideo(input, control, true);
      if (source.isImage) throw invalidOptions('Trimming needs a video or audio file, the input is a still picture');
      const plan = planTrim({
        startSec,
        endSec,
        inputDurationSec: source.durationSec,
        keyframes: source.keyframes,
        hasVideo: source.video !== undefined,
      });
      const args = trimArgs({ input, inputFormat: await sniffedFormat(input), output, plan, options: encoding });
      await runFfmpeg(args, control, plan.durationSec);
      return { output, args, plan };
    },

    async verifyOutput(path, expectations) {
      const fileProblem = await outputFileProblem(path);
      if (fileProblem !== undefined) return { ok: false, problems: [fileProblem] };
      try {
        const result = await probe(path);
        const problems = checkProbe(result, expectations);
        return { ok: problems.length === 0, problems, facts: result, probe: result };
      } catch (error) {
        if (!isFfmpegError(error)) throw error;
        return { ok: false, problems: [`it cannot be read: ${error.message}`] };
      }
    },
  };
}
