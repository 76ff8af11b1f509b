import type { InputFormat } from '@smh/shared/media/sniff';
import { invalidOptions } from './errors.js';

export type { InputFormat } from '@smh/shared/media/sniff';

/**
 * A local path as an ffmpeg URL. The `file:` prefix makes ffmpeg treat it as a plain file: a name that starts with
 * `-`, contains `:` or looks like `http://…`/`concat:…` can never be read as an option or another protocol.
 */
export function fileUrl(path: string, role = 'path'): string {
  if (path.length === 0) throw invalidOptions(`The ${role} is empty`);
  if (/[\0\n\r]/.test(path))
    throw invalidOptions(`The ${role} contains a NUL or newline character: ${JSON.stringify(path)}`);
  return `file:${path}`;
}

/**
 * How every input file is opened: with the demuxer its bytes were sniffed as (never ffmpeg's own probing, which
 * would follow an HLS playlist or a concat list to other files) and only the `file` protocol.
 */
export function demuxerArgs(format: InputFormat): string[] {
  return ['-protocol_whitelist', 'file', '-f', format, ...(format === 'image2' ? ['-pattern_type', 'none'] : [])];
}

/** `-i` for one input file, opened as `demuxerArgs` says. */
export function inputArgs(path: string, format: InputFormat, role = 'input path'): string[] {
  return [...demuxerArgs(format), '-i', fileUrl(path, role)];
}

/** The flags every ffmpeg command ends its global options with: machine-readable progress on stdout, overwrite. */
export const PROGRESS_FLAGS: readonly string[] = ['-progress', 'pipe:1', '-nostats', '-y'];

/** Common prefix of every ffmpeg command built here: quiet log level (errors still reach stderr), progress, overwrite. */
export function ffmpegPrelude(): string[] {
  return ['-hide_banner', '-loglevel', 'error', ...PROGRESS_FLAGS];
}

/** Formats seconds for ffmpeg's time options (no exponent notation, millisecond precision). */
export function seconds(value: number): string {
  return (Math.round(value * 1000) / 1000).toFixed(3);
}

/** Rounds down to an even integer, at least 2 (H.264 with yuv420p needs even dimensions). */
export function evenFloor(value: number): number {
  return Math.max(2, Math.floor(value / 2) * 2);
}

/** Rounds to the nearest even integer, at least 2. */
export function evenRound(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}

/** The one H.264/AAC encoding every re-encoding operation uses (merge normalise, transcode, trim). */
export function h264AacArgs(opts: { encoderPreset: string; crf: number; audioBitrateKbps: number }): string[] {
  return [
    '-c:v',
    'libx264',
    '-preset',
    opts.encoderPreset,
    '-crf',
    String(opts.crf),
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    `${opts.audioBitrateKbps}k`,
  ];
}
