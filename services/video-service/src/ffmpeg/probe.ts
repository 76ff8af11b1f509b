/**
 * ffprobe: the pure argument builder and the parser of its JSON into the facts the planners need.
 */
import { z } from 'zod';
import { FfmpegError } from './errors.js';
import { demuxerArgs, fileUrl, type InputFormat } from './paths.js';

export interface VideoStreamInfo {
  index: number;
  codec: string;
  /** Coded size (as stored). */
  width: number;
  height: number;
  /** Size as shown, after applying the rotation (ffmpeg auto-rotates when it re-encodes). */
  displayWidth: number;
  displayHeight: number;
  /** Frames per second (average rate when known, else the base rate). */
  fps: number;
  /** The exact base frame rate as ffprobe writes it, e.g. "30000/1001". */
  frameRate: string;
  timeBase: string;
  pixFmt: string | null;
  /** Clockwise rotation to apply for display. */
  rotation: 0 | 90 | 180 | 270;
}

export interface AudioStreamInfo {
  index: number;
  codec: string;
  sampleRate: number;
  channels: number;
  channelLayout: string | null;
  timeBase: string;
}

export type StreamType = 'video' | 'audio' | 'subtitle' | 'data' | 'attachment' | 'unknown';

export interface StreamSummary {
  index: number;
  type: StreamType;
  codec: string | null;
  /** Cover art embedded in an audio file: a picture, not a video track. */
  attachedPic: boolean;
}

export interface ProbeResult {
  /** 0 for a still image. */
  durationSec: number;
  formatName: string;
  bitRate: number | null;
  sizeBytes: number | null;
  /** The first real video stream (cover art excluded). */
  video?: VideoStreamInfo;
  /** The first audio stream. */
  audio?: AudioStreamInfo;
  streams: StreamSummary[];
  /** A photo (JPEG, PNG, WebP…): one still picture, no audio. */
  isImage: boolean;
  hasAudio: boolean;
  /** Presentation times (s) of the video keyframes, ascending; only when probed with `keyframes: true`. */
  keyframes?: number[];
}

export interface ProbeArgsOptions {
  /** Also list the video packets' keyframe flags (needed by trim's copy-or-re-encode decision). */
  keyframes?: boolean;
}

export function probeArgs(file: string, format: InputFormat, options: ProbeArgsOptions = {}): string[] {
  return [
    '-hide_banner',
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    ...(options.keyframes === true ? ['-show_entries', 'packet=stream_index,pts_time,flags'] : []),
    ...demuxerArgs(format),
    fileUrl(file, 'input path'),
  ];
}

const numeric = z.union([z.number(), z.string()]).optional();

const rawStreamSchema = z.looseObject({
  index: z.number(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  pix_fmt: z.string().optional(),
  r_frame_rate: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  time_base: z.string().optional(),
  sample_rate: numeric,
  channels: z.number().optional(),
  channel_layout: z.string().optional(),
  duration: numeric,
  tags: z.record(z.string(), z.unknown()).optional(),
  side_data_list: z.array(z.looseObject({ rotation: z.number().optional() })).optional(),
  disposition: z.looseObject({ attached_pic: z.number().optional() }).optional(),
});
type RawStream = z.infer<typeof rawStreamSchema>;

const rawProbeSchema = z.looseObject({
  streams: z.array(rawStreamSchema).default([]),
  format: z
    .looseObject({
      format_name: z.string().optional(),
      duration: numeric,
      bit_rate: numeric,
      size: numeric,
    })
    .optional(),
  packets: z
    .array(z.looseObject({ stream_index: z.number(), pts_time: numeric, flags: z.string().optional() }))
    .optional(),
});

/** Demuxers that read one picture per file. */
const IMAGE_FORMAT = /^(image2|[a-z0-9]+_pipe)$/;

function toNumber(value: number | string | undefined): number | null {
  if (value === undefined || value === 'N/A' || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** "30000/1001" → 29.97; "0/0" or garbage → null. */
export function parseRational(value: string | undefined): number | null {
  if (value === undefined) return null;
  const [num, den] = value.split('/').map(Number);
  if (num === undefined || !Number.isFinite(num)) return null;
  if (den === undefined) return num > 0 ? num : null;
  if (!Number.isFinite(den) || den === 0 || num <= 0) return null;
  return num / den;
}

/** A clockwise angle in degrees as the nearest quarter turn, 0–270. */
export function quarterTurn(clockwiseDegrees: number): 0 | 90 | 180 | 270 {
  const quarterTurns = ((Math.round(clockwiseDegrees / 90) % 4) + 4) % 4;
  return ([0, 90, 180, 270] as const)[quarterTurns] ?? 0;
}

function rotationOf(stream: RawStream): 0 | 90 | 180 | 270 {
  // The display matrix gives the counter-clockwise angle; the legacy `rotate` tag is clockwise.
  const fromMatrix = stream.side_data_list?.find((side) => typeof side.rotation === 'number')?.rotation;
  const fromTag = toNumber(typeof stream.tags?.['rotate'] === 'string' ? stream.tags['rotate'] : undefined);
  return quarterTurn(fromMatrix !== undefined ? -fromMatrix : (fromTag ?? 0));
}

function streamType(codecType: string | undefined): StreamType {
  switch (codecType) {
    case 'video':
    case 'audio':
    case 'subtitle':
    case 'data':
    case 'attachment':
      return codecType;
    default:
      return 'unknown';
  }
}

function videoInfo(stream: RawStream): VideoStreamInfo | undefined {
  if (stream.width === undefined || stream.height === undefined || stream.width <= 0 || stream.height <= 0) {
    return undefined;
  }
  const rotation = rotationOf(stream);
  const sideways = rotation === 90 || rotation === 270;
  return {
    index: stream.index,
    codec: stream.codec_name ?? 'unknown',
    width: stream.width,
    height: stream.height,
    displayWidth: sideways ? stream.height : stream.width,
    displayHeight: sideways ? stream.width : stream.height,
    fps: parseRational(stream.avg_frame_rate) ?? parseRational(stream.r_frame_rate) ?? 0,
    frameRate: stream.r_frame_rate ?? '0/0',
    timeBase: stream.time_base ?? '0/0',
    pixFmt: stream.pix_fmt ?? null,
    rotation,
  };
}

function audioInfo(stream: RawStream): AudioStreamInfo {
  return {
    index: stream.index,
    codec: stream.codec_name ?? 'unknown',
    sampleRate: toNumber(stream.sample_rate) ?? 0,
    channels: stream.channels ?? 0,
    channelLayout: stream.channel_layout ?? null,
    timeBase: stream.time_base ?? '0/0',
  };
}

/**
 * Parses ffprobe's `-print_format json -show_format -show_streams [-show_entries packet=…]` output.
 * Accepts the JSON text or the already parsed object; throws FFMPEG_FAILED when it is not ffprobe output.
 */
export function parseProbe(json: string | unknown): ProbeResult {
  let data: unknown = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch {
      throw new FfmpegError('FFMPEG_FAILED', `ffprobe printed something that is not JSON: ${json.slice(0, 200)}`);
    }
  }
  const parsed = rawProbeSchema.safeParse(data);
  if (!parsed.success) {
    throw new FfmpegError(
      'FFMPEG_FAILED',
      `ffprobe output has an unexpected shape: ${parsed.error.issues[0]?.message}`,
    );
  }
  const raw = parsed.data;

  const streams: StreamSummary[] = raw.streams.map((stream) => ({
    index: stream.index,
    type: streamType(stream.codec_type),
    codec: stream.codec_name ?? null,
    attachedPic: stream.disposition?.attached_pic === 1,
  }));
  const videoStream = raw.streams.find(
    (stream) => stream.codec_type === 'video' && stream.disposition?.attached_pic !== 1,
  );
  const audioStream = raw.streams.find((stream) => stream.codec_type === 'audio');
  const video = videoStream === undefined ? undefined : videoInfo(videoStream);
  const audio = audioStream === undefined ? undefined : audioInfo(audioStream);

  const formatName = raw.format?.format_name ?? 'unknown';
  const isImage = video !== undefined && audio === undefined && IMAGE_FORMAT.test(formatName);
  const streamDurations = raw.streams.map((stream) => toNumber(stream.duration) ?? 0);
  const durationSec = isImage ? 0 : (toNumber(raw.format?.duration) ?? Math.max(0, ...streamDurations));

  const result: ProbeResult = {
    durationSec,
    formatName,
    bitRate: toNumber(raw.format?.bit_rate),
    sizeBytes: toNumber(raw.format?.size),
    streams,
    isImage,
    hasAudio: audio !== undefined,
  };
  if (video !== undefined) result.video = video;
  if (audio !== undefined) result.audio = audio;
  if (raw.packets !== undefined && video !== undefined) {
    const times = raw.packets
      .filter((packet) => packet.stream_index === video.index && packet.flags?.includes('K') === true)
      .map((packet) => toNumber(packet.pts_time))
      .filter((time): time is number => time !== null);
    result.keyframes = [...new Set(times)].sort((a, b) => a - b);
  }
  return result;
}
