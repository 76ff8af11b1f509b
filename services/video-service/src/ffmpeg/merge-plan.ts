/**
 * Decides how to join inputs: stream copy through the concat demuxer when every input has identical stream
 * parameters, otherwise a re-encode that normalises them (size, frame rate, audio format, stills).
 */
import { invalidOptions } from './errors.js';
import { mergeOptionsSchema, parseOptions, type MergeOptionsInput } from './options.js';
import { evenRound } from './paths.js';
import type { ProbeResult } from './probe.js';

export interface MergeSegment {
  /** Position in the caller's input list. */
  index: number;
  /** How long the segment lasts in the output (a photo lasts `imageDurationSec`). */
  durationSec: number;
  isImage: boolean;
  hasAudio: boolean;
}

export interface MergePlan {
  mode: 'copy' | 'normalize';
  /** Why this mode: the shared parameters, or the first difference found. */
  reason: string;
  /** Output size and frame rate (the common ones for copy, the target for normalize). */
  width: number;
  height: number;
  fps: number;
  /** Expected output duration: the sum of the segments. */
  totalDurationSec: number;
  segments: MergeSegment[];
}

const MAX_DEFAULT_FPS = 60;
const FPS_FOR_STILLS_ONLY = 30;

function describeVideo(probe: ProbeResult): string {
  const v = probe.video;
  if (v === undefined) return 'no video';
  const audio =
    probe.audio === undefined
      ? 'no audio'
      : `${probe.audio.codec} ${probe.audio.sampleRate} Hz ${probe.audio.channels} ch`;
  return `${v.codec} ${v.width}x${v.height} ${v.pixFmt ?? '?'} ${v.frameRate} fps with ${audio}`;
}

/** The first parameter in which `other` differs from `first` so that stream copy would break, or null. */
export function copyIncompatibility(first: ProbeResult, other: ProbeResult): string | null {
  const a = first.video;
  const b = other.video;
  if (a === undefined || b === undefined) return 'an input has no video stream';
  if (a.codec !== b.codec) return `video codec ${b.codec} differs from ${a.codec}`;
  if (a.width !== b.width || a.height !== b.height)
    return `resolution ${b.width}x${b.height} differs from ${a.width}x${a.height}`;
  if (a.pixFmt !== b.pixFmt) return `pixel format ${b.pixFmt} differs from ${a.pixFmt}`;
  if (a.frameRate !== b.frameRate) return `frame rate ${b.frameRate} differs from ${a.frameRate}`;
  if (a.timeBase !== b.timeBase) return `time base ${b.timeBase} differs from ${a.timeBase}`;
  if (a.rotation !== b.rotation) return `rotation ${b.rotation}° differs from ${a.rotation}°`;
  if (first.hasAudio !== other.hasAudio)
    return other.hasAudio ? 'it has audio and the first input has none' : 'it has no audio and the first input has';
  if (first.audio !== undefined && other.audio !== undefined) {
    const x = first.audio;
    const y = other.audio;
    if (x.codec !== y.codec) return `audio codec ${y.codec} differs from ${x.codec}`;
    if (x.sampleRate !== y.sampleRate) return `audio sample rate ${y.sampleRate} Hz differs from ${x.sampleRate} Hz`;
    if (x.channels !== y.channels) return `audio channels ${y.channels} differ from ${x.channels}`;
  }
  return null;
}

function copyRefusal(probes: readonly ProbeResult[], forceNormalize: boolean): string | null {
  if (forceNormalize) return 're-encode requested (forceNormalize)';
  const photo = probes.findIndex((probe) => probe.isImage);
  if (photo >= 0) return `input ${photo + 1} is a photo and must be encoded as a still segment`;
  const [first, ...rest] = probes;
  if (first === undefined) return 'no inputs';
  for (const [offset, other] of rest.entries()) {
    const difference = copyIncompatibility(first, other);
    if (difference !== null) return `input ${offset + 2}: ${difference}`;
  }
  return null;
}

function targetFps(probes: readonly ProbeResult[], requested: number | undefined): number {
  if (requested !== undefined) return requested;
  const rates = probes.filter((p) => !p.isImage && p.video !== undefined).map((p) => p.video?.fps ?? 0);
  const highest = Math.max(0, ...rates);
  if (highest <= 0) return FPS_FOR_STILLS_ONLY;
  return Math.round(Math.min(highest, MAX_DEFAULT_FPS) * 1000) / 1000;
}

function targetSize(probes: readonly ProbeResult[]): { width: number; height: number } {
  let best = { width: 0, height: 0 };
  for (const probe of probes) {
    const v = probe.video;
    if (v !== undefined && v.displayWidth * v.displayHeight > best.width * best.height) {
      best = { width: v.displayWidth, height: v.displayHeight };
    }
  }
  return { width: evenRound(best.width), height: evenRound(best.height) };
}

export function planMerge(probes: readonly ProbeResult[], options: MergeOptionsInput = {}): MergePlan {
  const opts = parseOptions(mergeOptionsSchema, options, 'merge');
  if (probes.length === 0) throw invalidOptions('A merge needs at least one input');
  probes.forEach((probe, i) => {
    if (probe.video === undefined)
      throw invalidOptions(`Input ${i + 1} has no video stream or picture (${probe.formatName})`);
    if (!probe.isImage && !(probe.durationSec > 0)) throw invalidOptions(`Input ${i + 1} has no known duration`);
  });

  const segments: MergeSegment[] = probes.map((probe, index) => ({
    index,
    durationSec: probe.isImage ? opts.imageDurationSec : probe.durationSec,
    isImage: probe.isImage,
    hasAudio: probe.hasAudio,
  }));
  const totalDurationSec = segments.reduce((sum, segment) => sum + segment.durationSec, 0);
  const refusal = copyRefusal(probes, opts.forceNormalize);
  const first = probes[0] as ProbeResult;
  const firstVideo = first.video as NonNullable<ProbeResult['video']>;

  if (refusal === null) {
    return {
      mode: 'copy',
      reason: `all ${probes.length} inputs share ${describeVideo(first)}`,
      width: firstVideo.displayWidth,
      height: firstVideo.displayHeight,
      fps: firstVideo.fps,
      totalDurationSec,
      segments,
    };
  }
  const size =
    opts.width !== undefined && opts.height !== undefined
      ? { width: opts.width, height: opts.height }
      : targetSize(probes);
  return {
    mode: 'normalize',
    reason: refusal,
    ...size,
    fps: targetFps(probes, opts.fps),
    totalDurationSec,
    segments,
  };
}
