import { invalidOptions } from './errors.js';

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
