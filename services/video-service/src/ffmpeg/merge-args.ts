/**
 * Argument builders for the two merge paths. Pure: the caller writes the concat list file and runs the command.
 */
import { isAbsolute } from 'node:path';
import { invalidOptions } from './errors.js';
import type { MergePlan } from './merge-plan.js';
import { mergeOptionsSchema, parseOptions, type MergeOptionsInput } from './options.js';
import { ffmpegPrelude, fileUrl, h264AacArgs, inputArgs as openInput, seconds, type InputFormat } from './paths.js';

/** Quotes a path for an ffconcat `file` line: inside single quotes nothing is special but `'`, written `'\''`. */
export function quoteConcatPath(path: string): string {
  if (!isAbsolute(path)) throw invalidOptions(`Concat inputs must be absolute paths, got ${JSON.stringify(path)}`);
  if (/[\0\n\r]/.test(path))
    throw invalidOptions(`A concat input path contains a NUL or newline: ${JSON.stringify(path)}`);
  return `'${path.replaceAll("'", "'\\''")}'`;
}

/** The content of the list file read by the concat demuxer (`-f concat -safe 0`). */
export function concatListContent(paths: readonly string[]): string {
  if (paths.length === 0) throw invalidOptions('A concat list needs at least one input');
  return `ffconcat version 1.0\n${paths.map((path) => `file ${quoteConcatPath(path)}\n`).join('')}`;
}

export interface MergeCopyArgsInput {
  /** The list file whose content is `concatListContent(inputs)`. */
  listFile: string;
  output: string;
}

export function mergeCopyArgs({ listFile, output }: MergeCopyArgsInput): string[] {
  return [
    ...ffmpegPrelude(),
    // The hub's own list (absolute paths, hence -safe 0) of inputs it sniffed as media itself; nothing but files.
    '-protocol_whitelist',
    'file',
    '-f',
    'concat',
    '-safe',
    '0',
    '-i',
    fileUrl(listFile, 'concat list path'),
    '-map',
    '0:v:0',
    '-map',
    '0:a:0?',
    '-c',
    'copy',
    '-movflags',
    '+faststart',
    fileUrl(output, 'output path'),
  ];
}

export interface MergeNormalizeArgsInput {
  /** Input paths in output order, matching `plan.segments`. */
  inputs: readonly string[];
  /** The sniffed format of each input, in the same order. */
  inputFormats: readonly InputFormat[];
  plan: MergePlan;
  output: string;
  options?: MergeOptionsInput;
}

export const MERGE_AUDIO_RATE = 48_000;

/**
 * One re-encode through a filter graph: every segment is scaled to fit the target and padded (aspect kept, square
 * pixels), converted to the target fps, its audio resampled to 48 kHz stereo; a segment without audio gets a silent
 * `anullsrc` track of its length; a photo is looped for its duration. Then the `concat` filter joins them.
 */
export function mergeNormalizeArgs({
  inputs,
  inputFormats,
  plan,
  output,
  options = {},
}: MergeNormalizeArgsInput): string[] {
  const opts = parseOptions(mergeOptionsSchema, options, 'merge');
  if (inputFormats.length !== inputs.length) throw invalidOptions('Every merge input needs its sniffed format');
  if (inputs.length !== plan.segments.length) {
    throw invalidOptions(`The merge plan has ${plan.segments.length} segments but ${inputs.length} inputs were given`);
  }
  const { width: w, height: h, fps } = plan;
  const inputArgs: string[] = [];
  const filters: string[] = [];
  const concatPads: string[] = [];
  let nextInput = inputs.length;

  plan.segments.forEach((segment, i) => {
    const path = inputs[i] as string;
    if (segment.isImage) {
      inputArgs.push('-loop', '1', '-framerate', String(fps), '-t', seconds(segment.durationSec));
    }
    inputArgs.push(...openInput(path, inputFormats[i] as InputFormat, `input ${i + 1} path`));
    filters.push(
      `[${i}:v:0]scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,` +
        `setsar=1,fps=${fps},format=yuv420p,setpts=PTS-STARTPTS[v${i}]`,
    );
  });
  plan.segments.forEach((segment, i) => {
    let audioSource = `${i}:a:0`;
    if (!segment.hasAudio) {
      audioSource = `${nextInput}:a:0`;
      nextInput += 1;
      inputArgs.push(
        '-f',
        'lavfi',
        '-t',
        seconds(segment.durationSec),
        '-i',
        `anullsrc=r=${MERGE_AUDIO_RATE}:cl=stereo`,
      );
    }
    filters.push(
      `[${audioSource}]aresample=${MERGE_AUDIO_RATE},` +
        `aformat=sample_fmts=fltp:sample_rates=${MERGE_AUDIO_RATE}:channel_layouts=stereo,asetpts=PTS-STARTPTS[a${i}]`,
    );
    concatPads.push(`[v${i}][a${i}]`);
  });
  filters.push(`${concatPads.join('')}concat=n=${plan.segments.length}:v=1:a=1[vout][aout]`);

  return [
    ...ffmpegPrelude(),
    ...inputArgs,
    '-filter_complex',
    filters.join(';'),
    '-map',
    '[vout]',
    '-map',
    '[aout]',
    ...h264AacArgs(opts),
    '-ar',
    String(MERGE_AUDIO_RATE),
    '-ac',
    '2',
    '-movflags',
    '+faststart',
    fileUrl(output, 'output path'),
  ];
}
