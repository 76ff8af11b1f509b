/**
 * FFmpeg core of video-service.
 *
 *   const resolved = await resolveFfmpeg();                 // FFMPEG_PATH/FFPROBE_PATH, PATH, npm binaries
 *   const ff = createFfmpeg({ paths: resolved.paths });    // runner defaults to runProcess
 *   const { plan } = await ff.merge([a, b], tmpOut, { imageDurationSec: 3 }, { signal, onProgress });
 *   const check = await ff.verifyOutput(tmpOut, { video: true, audio: true, durationSec: plan.totalDurationSec });
 *
 * Errors are FfmpegError with code FFMPEG_FAILED | TIMEOUT | CANCELED | NOT_FOUND | INVALID_OPTIONS.
 * Builders (`*Args`), planners (`planMerge`, `planTrim`) and `parseProbe` are pure.
 */
export * from './errors.js';
export * from './options.js';
export * from './probe.js';
export * from './progress.js';
export * from './runner.js';
export * from './resolve.js';
export * from './merge-plan.js';
export * from './merge-args.js';
export * from './transcode-args.js';
export * from './still-args.js';
export * from './audio-args.js';
export * from './trim-args.js';
export * from './verify.js';
export * from './mp4-header.js';
export { createFfmpeg } from './ffmpeg.js';
export type {
  ContactSheetResult,
  CreateFfmpegOptions,
  ExtractAudioResult,
  Ffmpeg,
  MergeInput,
  MergeResult,
  OperationResult,
  PosterResult,
  ProbeOptions,
  RunControl,
  TranscodeResult,
  TrimResult,
} from './ffmpeg.js';
