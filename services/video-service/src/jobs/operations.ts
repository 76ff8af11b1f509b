/**
 * Runs one video operation with the FFmpeg facade: from input paths to one temporary output plus what that output
 * must look like (checked before it is committed). The inputs come probed (see input-probes.ts);
 * temporary paths come from `allocate`, so the caller can remove them whatever happens.
 */
import {
  planMerge,
  presetFrameSize,
  type Ffmpeg,
  type OutputExpectations,
  type ProbeResult,
  type RunControl,
} from '../ffmpeg/index.js';
import type { VideoJobRequest } from '../domain/job-request.js';
import type { OutputExtension } from '../domain/output-naming.js';

export interface ProducedOutput {
  path: string;
  extension: OutputExtension;
  expect: OutputExpectations;
}

export interface OperationOutcome {
  /** null for `probe`, which only learns facts. */
  output: ProducedOutput | null;
  /** Facts for the job's `result` (plan, mode, sizes …). */
  result: Record<string, unknown>;
  /** The input's probe, for `probe`. */
  probe?: ProbeResult;
}

export type Allocate = (extension: OutputExtension) => Promise<string>;

const DEFAULT_PHOTO_SECONDS = 3;

/** A compact, JSON-safe summary of a probe for job results and the catalog's `probe` column. */
export function probeSummary(probe: ProbeResult): Record<string, unknown> {
  const { keyframes: _keyframes, ...facts } = probe;
  return JSON.parse(JSON.stringify(facts)) as Record<string, unknown>;
}

/** An input file's local path and its probe (from the cache or a fresh ffprobe). */
export interface OperationInput {
  path: string;
  probe: ProbeResult;
}

export async function runOperation(
  ff: Ffmpeg,
  request: VideoJobRequest,
  inputs: readonly OperationInput[],
  allocate: Allocate,
  control: RunControl,
): Promise<OperationOutcome> {
  const firstInput = inputs[0];
  if (firstInput === undefined) throw new Error('a video job needs at least one input');
  const { path: first, probe: source } = firstInput;

  switch (request.operation) {
    case 'merge': {
      const probes = inputs.map((input) => input.probe);
      const imageDurationSec = request.options.photoDurationSec ?? DEFAULT_PHOTO_SECONDS;
      let mergeOptions: Parameters<Ffmpeg['merge']>[2] = { imageDurationSec };
      if (request.options.resolution !== undefined) {
        const natural = planMerge(probes, mergeOptions);
        const target = presetFrameSize({ width: natural.width, height: natural.height }, request.options.resolution);
        if (target.width !== natural.width || target.height !== natural.height)
          mergeOptions = { ...mergeOptions, ...target, forceNormalize: true };
      }
      const path = await allocate('mp4');
      const { plan } = await ff.merge(inputs, path, mergeOptions, control);
      const hasAudio = plan.mode === 'normalize' ? true : probes[0]?.hasAudio === true;
      return {
        output: {
          path,
          extension: 'mp4',
          expect: {
            video: true,
            image: false,
            audio: hasAudio,
            durationSec: plan.totalDurationSec,
            width: plan.width,
            height: plan.height,
          },
        },
        result: {
          mode: plan.mode,
          reason: plan.reason,
          width: plan.width,
          height: plan.height,
          fps: plan.fps,
          durationSec: plan.totalDurationSec,
        },
      };
    }
    case 'transcode': {
      const path = await allocate('mp4');
      const done = await ff.transcode(
        first,
        path,
        { preset: request.options.preset, ...(request.options.crf === undefined ? {} : { crf: request.options.crf }) },
        control,
      );
      return {
        output: {
          path,
          extension: 'mp4',
          expect: {
            video: true,
            image: false,
            audio: source.hasAudio,
            durationSec: done.durationSec,
            width: done.width,
            height: done.height,
          },
        },
        result: {
          preset: request.options.preset,
          width: done.width,
          height: done.height,
          durationSec: done.durationSec,
        },
      };
    }
    case 'thumbnail': {
      const path = await allocate('jpg');
      if (request.options.sheet !== undefined) {
        const { layout } = await ff.contactSheet(
          first,
          path,
          { columns: request.options.sheet.columns, rows: request.options.sheet.rows },
          control,
        );
        return {
          output: { path, extension: 'jpg', expect: { image: true, width: layout.width, height: layout.height } },
          result: { kind: 'sheet', ...layout },
        };
      }
      const poster = await ff.poster(
        first,
        path,
        request.options.atSec === undefined ? {} : { atSec: request.options.atSec },
        control,
      );
      return {
        output: { path, extension: 'jpg', expect: { image: true, width: poster.width, height: poster.height } },
        result: { kind: 'poster', atSec: poster.atSec, width: poster.width, height: poster.height },
      };
    }
    case 'extract-audio': {
      const { format } = request.options;
      const path = await allocate(format);
      const done = await ff.extractAudio(first, path, { format }, control);
      return {
        output: { path, extension: format, expect: { video: false, audio: true, durationSec: done.durationSec } },
        result: { format, mode: done.mode, durationSec: done.durationSec },
      };
    }
    case 'trim': {
      const extension: OutputExtension = source.video === undefined ? 'm4a' : 'mp4';
      const path = await allocate(extension);
      const { plan } = await ff.trim(
        first,
        path,
        { startSec: request.options.startSec, endSec: request.options.endSec },
        control,
      );
      return {
        output: {
          path,
          extension,
          expect: { video: source.video !== undefined, audio: source.hasAudio, durationSec: plan.durationSec },
        },
        result: {
          mode: plan.mode,
          reason: plan.reason,
          startSec: plan.startSec,
          endSec: plan.endSec,
          durationSec: plan.durationSec,
        },
      };
    }
    case 'probe':
      // The caller probed it afresh for this operation (never from the cache).
      return { output: null, result: probeSummary(source), probe: source };
  }
}
