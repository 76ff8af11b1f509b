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
