/**
 * ffprobe JSON samples shaped like Debian ffprobe 5.1 output (trimmed to the fields that matter), for pure tests.
 */
import type { ProbeResult } from '../../src/ffmpeg/probe.js';

export const phoneVideoJson = {
  streams: [
    {
      index: 0,
      codec_name: 'h264',
      codec_type: 'video',
      width: 1920,
      height: 1080,
      pix_fmt: 'yuv420p',
      r_frame_rate: '30000/1001',
      avg_frame_rate: '30000/1001',
      time_base: '1/30000',
      duration: '12.012000',
      side_data_list: [{ side_data_type: 'Display Matrix', displaymatrix: '…', rotation: -90 }],
      disposition: { default: 1, attached_pic: 0 },
    },
    {
      index: 1,
      codec_name: 'aac',
      codec_type: 'audio',
      sample_rate: '44100',
      channels: 1,
      channel_layout: 'mono',
      time_base: '1/44100',
      duration: '12.000000',
      disposition: { default: 1, attached_pic: 0 },
    },
    { index: 2, codec_name: 'bin_data', codec_type: 'data', tags: { handler_name: 'SoundHandler' } },
  ],
  format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '12.012000', size: '4500000', bit_rate: '2997002' },
  packets: [
    { stream_index: 1, pts_time: '0.000000', flags: 'K_' },
    { stream_index: 0, pts_time: '0.000000', flags: 'K_' },
    { stream_index: 0, pts_time: '0.100100', flags: '__' },
    { stream_index: 0, pts_time: '4.004000', flags: 'K_' },
    { stream_index: 0, pts_time: '2.002000', flags: 'K_' },
    { stream_index: 0, pts_time: 'N/A', flags: 'K_' },
  ],
};

export const jpegJson = {
  streams: [
    {
      index: 0,
      codec_name: 'mjpeg',
      codec_type: 'video',
      width: 1080,
      height: 1350,
      pix_fmt: 'yuvj420p',
      r_frame_rate: '25/1',
      avg_frame_rate: '0/0',
      time_base: '1/25',
      duration: '0.040000',
    },
  ],
  format: { format_name: 'image2', duration: '0.040000', size: '210000', bit_rate: '42000000' },
};

export const mp3WithCoverJson = {
  streams: [
    {
      index: 0,
      codec_name: 'mp3',
      codec_type: 'audio',
      sample_rate: '44100',
      channels: 2,
      channel_layout: 'stereo',
      time_base: '1/14112000',
    },
    {
      index: 1,
      codec_name: 'png',
      codec_type: 'video',
      width: 500,
      height: 500,
      pix_fmt: 'rgb24',
      r_frame_rate: '90000/1',
      time_base: '1/90000',
      disposition: { attached_pic: 1 },
    },
  ],
  format: { format_name: 'mp3', duration: '180.5', size: 'N/A' },
};

/** A ProbeResult like a 2 s 320x240 30 fps H.264 + AAC 48 kHz stereo clip; override what a test varies. */
export function clipProbe(
  overrides: {
    video?: Partial<NonNullable<ProbeResult['video']>>;
    audio?: Partial<NonNullable<ProbeResult['audio']>> | null;
    durationSec?: number;
    isImage?: boolean;
  } = {},
): ProbeResult {
  const video = {
    index: 0,
    codec: 'h264',
    width: 320,
    height: 240,
    displayWidth: 320,
    displayHeight: 240,
    fps: 30,
    frameRate: '30/1',
    timeBase: '1/15360',
    pixFmt: 'yuv420p',
    rotation: 0 as const,
    ...overrides.video,
  };
  const audio =
    overrides.audio === null
      ? undefined
      : {
          index: 1,
          codec: 'aac',
          sampleRate: 48_000,
          channels: 2,
          channelLayout: 'stereo',
          timeBase: '1/48000',
          ...overrides.audio,
        };
  const isImage = overrides.isImage ?? false;
  const result: ProbeResult = {
    durationSec: isImage ? 0 : (overrides.durationSec ?? 2),
    formatName: isImage ? 'image2' : 'mov,mp4,m4a,3gp,3g2,mj2',
    bitRate: null,
    sizeBytes: null,
    video,
    streams: [],
    isImage,
    hasAudio: audio !== undefined,
  };
  if (audio !== undefined) result.audio = audio;
  return result;
}
