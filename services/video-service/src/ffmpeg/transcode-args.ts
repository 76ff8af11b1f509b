import { invalidOptions } from './errors.js';
import {
  RESOLUTION_PRESET_SHORT_SIDE,
  parseOptions,
  transcodeOptionsSchema,
  type ResolutionPreset,
  type TranscodeOptionsInput,
} from './options.js';
import { evenFloor, evenRound, ffmpegPrelude, fileUrl, h264AacArgs, inputArgs, type InputFormat } from './paths.js';

export interface FrameSize {
  width: number;
  height: number;
}

/**
 * The output size for a preset: the short side is limited to the preset (480 for 480p, so a portrait video keeps
 * its orientation), the aspect is kept, both sides are even, and a smaller source is never upscaled.
 */
export function presetFrameSize(source: FrameSize, preset: ResolutionPreset): FrameSize {
  if (!(source.width > 0 && source.height > 0)) {
    throw invalidOptions(`The source size ${source.width}x${source.height} is not a valid frame size`);
  }
  const limit = RESOLUTION_PRESET_SHORT_SIDE[preset];
  const shortSide = Math.min(source.width, source.height);
  if (shortSide <= limit) return { width: evenFloor(source.width), height: evenFloor(source.height) };
  const scale = limit / shortSide;
  return source.width <= source.height
    ? { width: limit, height: evenRound(source.height * scale) }
    : { width: evenRound(source.width * scale), height: limit };
}

export interface TranscodeArgsInput {
  input: string;
  inputFormat: InputFormat;
  output: string;
  /** The source's display size (after rotation), from the probe. */
  source: FrameSize;
  options?: TranscodeOptionsInput;
}

/** H.264/AAC MP4 with the moov atom first (`+faststart`) so it plays while downloading. */
export function transcodeArgs({ input, inputFormat, output, source, options = {} }: TranscodeArgsInput): string[] {
  const opts = parseOptions(transcodeOptionsSchema, options, 'transcode');
  const size = presetFrameSize(source, opts.preset);
  return [
    ...ffmpegPrelude(),
    ...inputArgs(input, inputFormat),
    '-map',
    '0:v:0',
    '-map',
    '0:a:0?',
    '-vf',
    `scale=${size.width}:${size.height},setsar=1`,
    ...h264AacArgs(opts),
    '-movflags',
    '+faststart',
    fileUrl(output, 'output path'),
  ];
}
