/**
 * Trim: a stream copy when the cut starts on a video keyframe (exact and lossless), otherwise a re-encode (a copy
 * would have to start at the previous keyframe). The decision is pure, fed with keyframe times from the probe.
 */
import { invalidOptions } from './errors.js';
import { parseOptions, trimOptionsSchema, type TrimOptionsInput } from './options.js';
import { ffmpegPrelude, fileUrl, h264AacArgs, inputArgs, seconds, type InputFormat } from './paths.js';

export interface TrimPlan {
  mode: 'copy' | 'reencode';
  reason: string;
  /** Where the output starts (snapped to the keyframe for a copy). */
  startSec: number;
  /** Where it ends (clamped to the input's duration). */
  endSec: number;
  durationSec: number;
}

export interface TrimPlanInput {
  startSec: number;
  endSec: number;
  /** The input's duration; the end is clamped to it. */
  inputDurationSec: number;
  /** Video keyframe times from `probe({keyframes: true})`; undefined when unknown. */
  keyframes: readonly number[] | undefined;
  hasVideo: boolean;
  /** How far the start may be from a keyframe and still count as on it. */
  toleranceSec?: number;
}

export const KEYFRAME_TOLERANCE_SEC = 0.005;

export function planTrim(input: TrimPlanInput): TrimPlan {
  const { startSec, inputDurationSec, keyframes, hasVideo } = input;
  const tolerance = input.toleranceSec ?? KEYFRAME_TOLERANCE_SEC;
  if (!(startSec >= 0) || !(input.endSec > startSec)) {
    throw invalidOptions(`Trim needs 0 <= startSec < endSec, got ${startSec}..${input.endSec}`);
  }
  if (inputDurationSec > 0 && startSec >= inputDurationSec) {
    throw invalidOptions(`Trim start ${startSec} s is at or past the end of the input (${inputDurationSec} s)`);
  }
  const endSec = inputDurationSec > 0 ? Math.min(input.endSec, inputDurationSec) : input.endSec;
  const span = (start: number) => ({ startSec: start, endSec, durationSec: endSec - start });

  if (!hasVideo) return { mode: 'copy', reason: 'audio only: every audio frame is a cut point', ...span(startSec) };
  if (keyframes === undefined || keyframes.length === 0) {
    return { mode: 'reencode', reason: 'keyframe times are unknown', ...span(startSec) };
  }
  const keyframe = keyframes.find((time) => Math.abs(time - startSec) <= tolerance);
  if (keyframe !== undefined) {
    return {
      mode: 'copy',
      reason: `start ${seconds(startSec)} s is on the keyframe at ${seconds(keyframe)} s`,
      ...span(Math.max(0, keyframe)),
    };
  }
  const before = keyframes.filter((time) => time < startSec).at(-1);
  return {
    mode: 'reencode',
    reason: `start ${seconds(startSec)} s is not on a keyframe (previous one at ${before === undefined ? 'none' : `${seconds(before)} s`})`,
    ...span(startSec),
  };
}

export interface TrimArgsInput {
  input: string;
  inputFormat: InputFormat;
  output: string;
  plan: TrimPlan;
  options?: Omit<TrimOptionsInput, 'startSec' | 'endSec'>;
}

/** A copy seeks just past the keyframe: an input seek lands on the last keyframe at or before the target, so a
 * target rounded a hair below the keyframe's own timestamp would start a whole GOP early. */
const COPY_SEEK_MARGIN_SEC = 0.001;

export function trimArgs({ input, inputFormat, output, plan, options = {} }: TrimArgsInput): string[] {
  const opts = parseOptions(trimOptionsSchema, { ...options, startSec: plan.startSec, endSec: plan.endSec }, 'trim');
  const codecArgs =
    plan.mode === 'copy'
      ? ['-c', 'copy', '-avoid_negative_ts', 'make_zero']
      : h264AacArgs({ ...opts, audioBitrateKbps: 160 });
  return [
    ...ffmpegPrelude(),
    '-ss',
    seconds(plan.mode === 'copy' ? plan.startSec + COPY_SEEK_MARGIN_SEC : plan.startSec),
    ...inputArgs(input, inputFormat),
    '-t',
    seconds(plan.durationSec),
    '-map',
    '0:v:0?',
    '-map',
    '0:a:0?',
    ...codecArgs,
    '-movflags',
    '+faststart',
    fileUrl(output, 'output path'),
  ];
}
