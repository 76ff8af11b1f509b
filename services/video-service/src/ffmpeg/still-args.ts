/**
 * Builders for pictures taken from a video: a poster frame and a contact sheet (grid of evenly spaced frames).
 */
import { invalidOptions } from './errors.js';
import {
  contactSheetOptionsSchema,
  parseOptions,
  posterOptionsSchema,
  type ContactSheetOptionsInput,
  type PosterOptionsInput,
} from './options.js';
import { evenRound, ffmpegPrelude, fileUrl, inputArgs, seconds, type InputFormat } from './paths.js';
import type { FrameSize } from './transcode-args.js';

/** Keeps the seek inside the video: a time past the end would produce no frame at all. */
export function posterTime(atSec: number, durationSec: number): number {
  if (!(durationSec > 0)) return 0;
  return Math.max(0, Math.min(atSec, durationSec - Math.min(0.1, durationSec / 2)));
}

export interface PosterArgsInput {
  input: string;
  inputFormat: InputFormat;
  /** .jpg, .png or .webp: the muxer follows the extension. */
  output: string;
  /** Display size of the source. */
  source: FrameSize;
  /** 0 for a photo. */
  durationSec: number;
  options?: PosterOptionsInput;
}

export function posterSize(source: FrameSize, width: number | undefined): FrameSize {
  if (width === undefined) return { width: source.width, height: source.height };
  return { width, height: evenRound((width * source.height) / source.width) };
}

export function posterArgs({
  input,
  inputFormat,
  output,
  source,
  durationSec,
  options = {},
}: PosterArgsInput): string[] {
  const opts = parseOptions(posterOptionsSchema, options, 'poster');
  const size = posterSize(source, opts.width);
  const at = posterTime(opts.atSec, durationSec);
  return [
    ...ffmpegPrelude(),
    // No seek at 0: on a photo even `-ss 0` skips its single frame and ffmpeg writes nothing.
    ...(at > 0 ? ['-ss', seconds(at)] : []),
    ...inputArgs(input, inputFormat),
    '-map',
    '0:v:0',
    '-frames:v',
    '1',
    '-vf',
    `scale=${size.width}:${size.height},setsar=1`,
    '-q:v',
    '2',
    '-update',
    '1',
    fileUrl(output, 'output path'),
  ];
}

export interface ContactSheetLayout {
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
  /** Size of the whole sheet. */
  width: number;
  height: number;
  frameCount: number;
}

export function contactSheetLayout(source: FrameSize, options: ContactSheetOptionsInput = {}): ContactSheetLayout {
  const { columns, rows, tileWidth } = parseOptions(contactSheetOptionsSchema, options, 'contact sheet');
  const tileHeight = evenRound((tileWidth * source.height) / source.width);
  return {
    columns,
    rows,
    tileWidth,
    tileHeight,
    width: columns * tileWidth,
    height: rows * tileHeight,
    frameCount: columns * rows,
  };
}

export interface ContactSheetArgsInput {
  input: string;
  inputFormat: InputFormat;
  output: string;
  source: FrameSize;
  durationSec: number;
  options?: ContactSheetOptionsInput;
}

/**
 * `fps` keeps one frame every duration/N seconds (ffmpeg takes them at the middle of each slice: 0.5, 1.5 … of
 * the interval, so no black first frame), each is fitted into a tile, and `tile` lays the N frames out in a grid;
 * the sheet is `columns*tileWidth` x `rows*tileHeight` (a short video leaves the last tiles black).
 */
export function contactSheetArgs({
  input,
  inputFormat,
  output,
  source,
  durationSec,
  options = {},
}: ContactSheetArgsInput): string[] {
  if (!(durationSec > 0)) throw invalidOptions('A contact sheet needs a video with a known duration');
  const layout = contactSheetLayout(source, options);
  const rate = (layout.frameCount / durationSec).toFixed(6);
  const { tileWidth: tw, tileHeight: th } = layout;
  return [
    ...ffmpegPrelude(),
    ...inputArgs(input, inputFormat),
    '-map',
    '0:v:0',
    '-vf',
    `fps=${rate},scale=${tw}:${th}:force_original_aspect_ratio=decrease,pad=${tw}:${th}:(ow-iw)/2:(oh-ih)/2,` +
      `setsar=1,tile=${layout.columns}x${layout.rows}`,
    '-frames:v',
    '1',
    '-q:v',
    '3',
    '-update',
    '1',
    fileUrl(output, 'output path'),
  ];
}
