/**
 * Checks that an output file is what an operation promised, from its probe: pure comparison + a thin probe call.
 */
import type { ProbeResult } from './probe.js';

export interface OutputExpectations {
  /** true: must have a video stream (or picture); false: must have none. */
  video?: boolean;
  audio?: boolean;
  /** true: must be a still picture. */
  image?: boolean;
  durationSec?: number;
  /** Allowed difference from durationSec; default max(0.5 s, 5 %). */
  durationToleranceSec?: number;
  width?: number;
  height?: number;
}

export interface VerifyResult {
  ok: boolean;
  /** One human sentence per unmet expectation. */
  problems: string[];
  probe?: ProbeResult;
}

export function checkProbe(probe: ProbeResult, expected: OutputExpectations): string[] {
  const problems: string[] = [];
  const hasVideo = probe.video !== undefined;
  if (expected.video === true && !hasVideo) problems.push('it has no video stream');
  if (expected.video === false && hasVideo) problems.push('it has a video stream but should have none');
  if (expected.audio === true && !probe.hasAudio) problems.push('it has no audio stream');
  if (expected.audio === false && probe.hasAudio) problems.push('it has an audio stream but should have none');
  if (expected.image === true && !probe.isImage)
    problems.push(`it is not a still picture (format ${probe.formatName})`);
  if (expected.image === false && probe.isImage) problems.push('it is a still picture, not a video');
  if (expected.durationSec !== undefined) {
    const tolerance = expected.durationToleranceSec ?? Math.max(0.5, expected.durationSec * 0.05);
    if (Math.abs(probe.durationSec - expected.durationSec) > tolerance) {
      problems.push(
        `its duration is ${probe.durationSec.toFixed(3)} s, expected ${expected.durationSec.toFixed(3)} s ± ${tolerance.toFixed(3)}`,
      );
    }
  }
  const width = probe.video?.displayWidth;
  const height = probe.video?.displayHeight;
  if (expected.width !== undefined && width !== expected.width)
    problems.push(`its width is ${width ?? 'unknown'}, expected ${expected.width}`);
  if (expected.height !== undefined && height !== expected.height)
    problems.push(`its height is ${height ?? 'unknown'}, expected ${expected.height}`);
  return problems;
}
