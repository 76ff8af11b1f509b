import { describe, expect, it } from 'vitest';
import { parseProbe, parseRational, probeArgs } from '../../src/ffmpeg/probe.js';
import { jpegJson, mp3WithCoverJson, phoneVideoJson } from './probe-data.js';

describe('probeArgs', () => {
  it('asks ffprobe for JSON format+streams of a file: URL', () => {
    expect(probeArgs('/media/-clip.mp4', 'mov')).toEqual([
      '-hide_banner',
      '-v',
      'error',
      '-print_format',
      'json',
      '-show_format',
      '-show_streams',
      '-protocol_whitelist',
      'file',
      '-f',
      'mov',
      'file:/media/-clip.mp4',
    ]);
  });

  it('adds packet flags only when keyframes are wanted', () => {
    expect(probeArgs('/a.mp4', 'mov', { keyframes: true })).toContain('packet=stream_index,pts_time,flags');
    expect(probeArgs('/a.mp4', 'mov').join(' ')).not.toContain('packet');
  });

  it('rejects a path ffmpeg cannot take', () => {
    expect(() => probeArgs('', 'mov')).toThrow(/input path is empty/);
    expect(() => probeArgs('/a\nb.mp4', 'mov')).toThrow(/newline/);
  });
});

describe('parseRational', () => {
  it.each([
    ['30/1', 30],
    ['30000/1001', 30000 / 1001],
    ['0/0', null],
    ['25', 25],
    ['x/y', null],
    [undefined, null],
  ])('%s → %s', (text, expected) => {
    expect(parseRational(text)).toBe(expected);
  });
});

describe('parseProbe', () => {
  it('reads a rotated phone video: display size swapped, exact frame rate, keyframes of the video stream only', () => {
    const probe = parseProbe(JSON.stringify(phoneVideoJson));
    expect(probe).toMatchObject({
      durationSec: 12.012,
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      bitRate: 2997002,
      sizeBytes: 4500000,
      isImage: false,
      hasAudio: true,
      video: {
        index: 0,
        codec: 'h264',
        width: 1920,
        height: 1080,
        displayWidth: 1080,
        displayHeight: 1920,
        frameRate: '30000/1001',
        timeBase: '1/30000',
        pixFmt: 'yuv420p',
        rotation: 90,
      },
      audio: { index: 1, codec: 'aac', sampleRate: 44100, channels: 1, channelLayout: 'mono' },
      keyframes: [0, 2.002, 4.004],
    });
    expect(probe.video?.fps).toBeCloseTo(29.97, 2);
    expect(probe.streams.map((s) => s.type)).toEqual(['video', 'audio', 'data']);
  });

  it('reads the legacy clockwise rotate tag', () => {
    const stream = { ...phoneVideoJson.streams[0], side_data_list: undefined, tags: { rotate: '270' } };
    const probe = parseProbe({ ...phoneVideoJson, streams: [stream] });
    expect(probe.video).toMatchObject({ rotation: 270, displayWidth: 1080, displayHeight: 1920 });
  });

  it('detects a JPEG as a still with no duration', () => {
    const probe = parseProbe(jpegJson);
    expect(probe).toMatchObject({
      isImage: true,
      hasAudio: false,
      durationSec: 0,
      video: { codec: 'mjpeg', width: 1080, height: 1350 },
    });
    expect(probe.keyframes).toBeUndefined();
  });

  it('does not mistake cover art for a video track', () => {
    const probe = parseProbe(mp3WithCoverJson);
    expect(probe.video).toBeUndefined();
    expect(probe).toMatchObject({ isImage: false, hasAudio: true, durationSec: 180.5, sizeBytes: null, bitRate: null });
    expect(probe.streams[1]).toEqual({ index: 1, type: 'video', codec: 'png', attachedPic: true });
  });

  it('falls back to the longest stream when the format has no duration', () => {
    const json = { ...phoneVideoJson, format: { format_name: 'matroska,webm' } };
    expect(parseProbe(json).durationSec).toBe(12.012);
  });

  it('fails with FFMPEG_FAILED on text that is not ffprobe JSON', () => {
    expect(() => parseProbe('Segmentation fault')).toThrow(
      expect.objectContaining({ code: 'FFMPEG_FAILED', message: expect.stringContaining('not JSON') }),
    );
    expect(() => parseProbe({ streams: 'nope' })).toThrow(expect.objectContaining({ code: 'FFMPEG_FAILED' }));
  });
});
