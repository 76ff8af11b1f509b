/**
 * Checks that an output file is what an operation promised, from its probe or, for an MP4/M4A, from its header
 * read in this process: a pure comparison plus thin reads.
 */
import { stat } from 'node:fs/promises';
import { Mp4HeaderError, readMp4Header, type Mp4Header } from './mp4-header.js';
import type { ProbeResult, VideoStreamInfo } from './probe.js';

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

/** What the check compares: a ProbeResult has it all; an MP4 header gives it too. */
export interface OutputFacts {
  durationSec: number;
  formatName: string;
  isImage: boolean;
  hasAudio: boolean;
  video?: Pick<VideoStreamInfo, 'displayWidth' | 'displayHeight'>;
}

export interface VerifyResult {
  ok: boolean;
  /** One human sentence per unmet expectation. */
  problems: string[];
  /** What was read from the file, whichever way it was read. */
  facts?: OutputFacts;
  /** ffprobe's full report, when ffprobe read the file (not for an MP4 read from its header). */
  probe?: ProbeResult;
}

export function checkProbe(probe: OutputFacts, expected: OutputExpectations): string[] {
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

/** ffprobe's name for the demuxer of every ISO base media file. */
const ISO_FORMAT_NAME = 'mov,mp4,m4a,3gp,3g2,mj2';

export function mp4HeaderFacts(header: Mp4Header): OutputFacts {
  const facts: OutputFacts = {
    durationSec: header.durationSec,
    formatName: ISO_FORMAT_NAME,
    isImage: false,
    hasAudio: header.hasAudio,
  };
  if (header.video !== undefined) facts.video = header.video;
  return facts;
}

/** Why `path` cannot be an output at all (missing, empty, not a file), or undefined when it may be one. */
export async function outputFileProblem(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    return !info.isFile() || info.size === 0 ? `${path} is empty or not a file` : undefined;
  } catch {
    return `${path} does not exist`;
  }
}

/**
 * Checks an MP4/M4A output from its header, in this process: no ffprobe on the job's path (the output's full probe
 * comes with its analysis, after the job). Null when the file is not an ISO base media file: ask ffprobe then.
 */
export async function verifyMp4Output(path: string, expectations: OutputExpectations): Promise<VerifyResult | null> {
  const fileProblem = await outputFileProblem(path);
  if (fileProblem !== undefined) return { ok: false, problems: [fileProblem] };
  try {
    const header = await readMp4Header(path);
    if (header === null) return null;
    const facts = mp4HeaderFacts(header);
    const problems = checkProbe(facts, expectations);
    return { ok: problems.length === 0, problems, facts };
  } catch (error) {
    if (error instanceof Mp4HeaderError) return { ok: false, problems: [`it cannot be read: ${error.message}`] };
    throw error;
  }
}
