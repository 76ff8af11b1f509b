import { invalidOptions } from './errors.js';
import { extractAudioOptionsSchema, parseOptions, type ExtractAudioOptionsInput } from './options.js';
import { ffmpegPrelude, fileUrl, inputArgs, type InputFormat } from './paths.js';

export type AudioExtractionMode = 'copy' | 'encode';

/** m4a from an AAC source is a stream copy (lossless, instant); anything else is encoded. */
export function audioExtractionMode(format: 'm4a' | 'mp3', sourceCodec: string): AudioExtractionMode {
  return format === 'm4a' && sourceCodec === 'aac' ? 'copy' : 'encode';
}

export interface ExtractAudioArgsInput {
  input: string;
  inputFormat: InputFormat;
  output: string;
  /** The codec of the source's first audio stream (from the probe); undefined when it has none. */
  sourceAudioCodec: string | undefined;
  options?: ExtractAudioOptionsInput;
}

export function extractAudioArgs({
  input,
  inputFormat,
  output,
  sourceAudioCodec,
  options = {},
}: ExtractAudioArgsInput): string[] {
  const opts = parseOptions(extractAudioOptionsSchema, options, 'extract-audio');
  if (sourceAudioCodec === undefined) throw invalidOptions('The input has no audio stream to extract');
  const mode = audioExtractionMode(opts.format, sourceAudioCodec);
  const bitrate = `${opts.bitrateKbps}k`;
  const codecArgs =
    opts.format === 'mp3'
      ? ['-c:a', 'libmp3lame', '-b:a', bitrate, '-f', 'mp3']
      : [
          ...(mode === 'copy' ? ['-c:a', 'copy'] : ['-c:a', 'aac', '-b:a', bitrate]),
          '-f',
          'ipod',
          '-movflags',
          '+faststart',
        ];
  return [
    ...ffmpegPrelude(),
    ...inputArgs(input, inputFormat),
    '-map',
    '0:a:0',
    '-vn',
    '-sn',
    '-dn',
    ...codecArgs,
    fileUrl(output, 'output path'),
  ];
}
