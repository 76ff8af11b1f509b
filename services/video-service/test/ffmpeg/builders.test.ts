/**
 * The pure command builders, tested as data.
 */
import { describe, expect, it } from 'vitest';
import { audioExtractionMode, extractAudioArgs } from '../../src/ffmpeg/audio-args.js';
import { concatListContent, mergeCopyArgs, mergeNormalizeArgs, quoteConcatPath } from '../../src/ffmpeg/merge-args.js';
import { planMerge } from '../../src/ffmpeg/merge-plan.js';
import { contactSheetArgs, contactSheetLayout, posterArgs, posterTime } from '../../src/ffmpeg/still-args.js';
import { presetFrameSize, transcodeArgs } from '../../src/ffmpeg/transcode-args.js';
import { planTrim, trimArgs } from '../../src/ffmpeg/trim-args.js';
import { clipProbe } from './probe-data.js';

const PRELUDE = ['-hide_banner', '-loglevel', 'error', '-progress', 'pipe:1', '-nostats', '-y'];
/** The value following `flag` in an argument list. */
/** How every input file is opened: its sniffed demuxer, the file protocol only. */
const MOV = ['-protocol_whitelist', 'file', '-f', 'mov'];
const IMAGE = ['-protocol_whitelist', 'file', '-f', 'image2', '-pattern_type', 'none'];
const flagValue = (args: readonly string[], flag: string) => args[args.indexOf(flag) + 1];

describe('concat list', () => {
  it('quotes each absolute path, escaping single quotes', () => {
    expect(quoteConcatPath("/media/it's here.mp4")).toBe("'/media/it'\\''s here.mp4'");
    expect(concatListContent(['/a/one.mp4', '/b/two $x.mp4'])).toBe(
      "ffconcat version 1.0\nfile '/a/one.mp4'\nfile '/b/two $x.mp4'\n",
    );
  });

  it('rejects relative paths, newlines and an empty list', () => {
    expect(() => concatListContent(['clip.mp4'])).toThrow(/absolute paths, got "clip.mp4"/);
    expect(() => concatListContent(['/a\nfile /etc/passwd'])).toThrow(/newline/);
    expect(() => concatListContent([])).toThrow(/at least one input/);
  });

  it('builds the stream-copy command reading the list', () => {
    expect(mergeCopyArgs({ listFile: '/tmp/list.ffconcat', output: '/out/joined.mp4' })).toEqual([
      ...PRELUDE,
      '-protocol_whitelist',
      'file',
      '-f',
      'concat',
      '-safe',
      '0',
      '-i',
      'file:/tmp/list.ffconcat',
      '-map',
      '0:v:0',
      '-map',
      '0:a:0?',
      '-c',
      'copy',
      '-movflags',
      '+faststart',
      'file:/out/joined.mp4',
    ]);
  });
});

describe('mergeNormalizeArgs', () => {
  const probes = [
    clipProbe(),
    clipProbe({
      audio: null,
      video: { width: 640, height: 360, displayWidth: 640, displayHeight: 360, fps: 25, frameRate: '25/1' },
    }),
    clipProbe({ isImage: true, audio: null }),
  ];
  const plan = planMerge(probes, { imageDurationSec: 2.5 });
  const args = mergeNormalizeArgs({
    inputs: ['/a.mp4', '/b.mp4', '/c.jpg'],
    inputFormats: ['mov', 'mov', 'image2'],
    plan,
    output: '/out.mp4',
    options: { crf: 28, encoderPreset: 'fast' },
  });
  const graph = flagValue(args, '-filter_complex') ?? '';

  it('loops the photo for its duration and adds a silent track for each input without audio', () => {
    expect(args.slice(0, PRELUDE.length)).toEqual(PRELUDE);
    const inputs = args.slice(PRELUDE.length, args.indexOf('-filter_complex'));
    expect(inputs).toEqual([
      ...MOV,
      '-i',
      'file:/a.mp4',
      ...MOV,
      '-i',
      'file:/b.mp4',
      '-loop',
      '1',
      '-framerate',
      '30',
      '-t',
      '2.500',
      ...IMAGE,
      '-i',
      'file:/c.jpg',
      '-f',
      'lavfi',
      '-t',
      '2.000',
      '-i',
      'anullsrc=r=48000:cl=stereo',
      '-f',
      'lavfi',
      '-t',
      '2.500',
      '-i',
      'anullsrc=r=48000:cl=stereo',
    ]);
  });

  it('scales+pads every segment to the target, sets fps and square pixels, resamples audio, then concats', () => {
    const chains = graph.split(';');
    expect(chains).toHaveLength(7);
    expect(chains[1]).toBe(
      '[1:v:0]scale=640:360:force_original_aspect_ratio=decrease,pad=640:360:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=30,format=yuv420p,setpts=PTS-STARTPTS[v1]',
    );
    expect(chains[3]).toBe(
      '[0:a:0]aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo,asetpts=PTS-STARTPTS[a0]',
    );
    expect(chains[4]).toMatch(/^\[3:a:0\]aresample=48000,.*\[a1\]$/);
    expect(chains[5]).toMatch(/^\[4:a:0\]aresample=48000,.*\[a2\]$/);
    expect(chains[6]).toBe('[v0][a0][v1][a1][v2][a2]concat=n=3:v=1:a=1[vout][aout]');
  });

  it('encodes H.264/AAC 48 kHz stereo with the given quality into a faststart MP4', () => {
    const tail = args.slice(args.indexOf('-filter_complex') + 2);
    expect(tail).toEqual([
      '-map',
      '[vout]',
      '-map',
      '[aout]',
      '-c:v',
      'libx264',
      '-preset',
      'fast',
      '-crf',
      '28',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-ar',
      '48000',
      '-ac',
      '2',
      '-movflags',
      '+faststart',
      'file:/out.mp4',
    ]);
  });

  it('refuses a plan that does not match the inputs', () => {
    expect(() => mergeNormalizeArgs({ inputs: ['/a.mp4'], inputFormats: ['mov'], plan, output: '/o.mp4' })).toThrow(
      /3 segments but 1 inputs/,
    );
  });
});

describe('transcode', () => {
  it.each([
    [{ width: 1920, height: 1080 }, '480p', { width: 854, height: 480 }],
    [{ width: 1920, height: 1080 }, '720p', { width: 1280, height: 720 }],
    [{ width: 1080, height: 1920 }, '720p', { width: 720, height: 1280 }],
    [{ width: 640, height: 360 }, '480p', { width: 640, height: 360 }],
    [{ width: 641, height: 361 }, '1080p', { width: 640, height: 360 }],
    [{ width: 3840, height: 1600 }, '1080p', { width: 2592, height: 1080 }],
  ] as const)('%o at %s → %o (short side limited, never upscaled, even)', (source, preset, expected) => {
    expect(presetFrameSize(source, preset)).toEqual(expected);
  });

  it('builds an H.264/AAC faststart MP4 command with CRF and encoder preset', () => {
    const args = transcodeArgs({
      input: '/in.mov',
      inputFormat: 'mov',
      output: '/out.mp4',
      source: { width: 1920, height: 1080 },
      options: { preset: '480p', crf: 26, encoderPreset: 'slow' },
    });
    expect(args).toEqual([
      ...PRELUDE,
      ...MOV,
      '-i',
      'file:/in.mov',
      '-map',
      '0:v:0',
      '-map',
      '0:a:0?',
      '-vf',
      'scale=854:480,setsar=1',
      '-c:v',
      'libx264',
      '-preset',
      'slow',
      '-crf',
      '26',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-movflags',
      '+faststart',
      'file:/out.mp4',
    ]);
  });

  it('rejects bad options with a message naming the field', () => {
    const build = (options: object) => () =>
      transcodeArgs({ input: '/i', inputFormat: 'mov', output: '/o', source: { width: 10, height: 10 }, options });
    expect(build({ crf: 60 })).toThrow(/Invalid transcode options: crf: .*51/);
    expect(build({ preset: '4k' })).toThrow(/preset/);
    expect(build({ encoderPresett: 'slow' })).toThrow(/Unrecognized key/);
  });
});

describe('poster and contact sheet', () => {
  it('keeps the poster seek inside the video', () => {
    expect(posterTime(1, 10)).toBe(1);
    expect(posterTime(99, 10)).toBeCloseTo(9.9);
    expect(posterTime(5, 0)).toBe(0);
    expect(posterTime(1, 0.1)).toBeCloseTo(0.05);
  });

  it('builds a fast-seek single-frame command scaled to the requested width', () => {
    const args = posterArgs({
      input: '/v.mp4',
      inputFormat: 'mov',
      output: '/p.jpg',
      source: { width: 1920, height: 1080 },
      durationSec: 30,
      options: { atSec: 12.5, width: 640 },
    });
    expect(args).toEqual([
      ...PRELUDE,
      '-ss',
      '12.500',
      ...MOV,
      '-i',
      'file:/v.mp4',
      '-map',
      '0:v:0',
      '-frames:v',
      '1',
      '-vf',
      'scale=640:360,setsar=1',
      '-q:v',
      '2',
      '-update',
      '1',
      'file:/p.jpg',
    ]);
  });

  it('computes the sheet layout from the grid and the source aspect', () => {
    expect(contactSheetLayout({ width: 1080, height: 1920 }, { columns: 3, rows: 2, tileWidth: 200 })).toEqual({
      columns: 3,
      rows: 2,
      tileWidth: 200,
      tileHeight: 356,
      width: 600,
      height: 712,
      frameCount: 6,
    });
  });

  it('samples N frames evenly with fps, then tiles them', () => {
    const args = contactSheetArgs({
      input: '/v.mp4',
      inputFormat: 'mov',
      output: '/s.jpg',
      source: { width: 640, height: 360 },
      durationSec: 60,
      options: { columns: 4, rows: 3, tileWidth: 320 },
    });
    expect(flagValue(args, '-vf')).toBe(
      'fps=0.200000,scale=320:180:force_original_aspect_ratio=decrease,pad=320:180:(ow-iw)/2:(oh-ih)/2,setsar=1,tile=4x3',
    );
    expect(args.slice(0, PRELUDE.length)).toEqual(PRELUDE);
    expect(flagValue(args, '-frames:v')).toBe('1');
    expect(() =>
      contactSheetArgs({
        input: '/v',
        inputFormat: 'mov',
        output: '/s.jpg',
        source: { width: 2, height: 2 },
        durationSec: 0,
      }),
    ).toThrow(/known duration/);
  });
});

describe('extractAudioArgs', () => {
  it('copies AAC into m4a and encodes anything else', () => {
    expect(audioExtractionMode('m4a', 'aac')).toBe('copy');
    expect(audioExtractionMode('m4a', 'opus')).toBe('encode');
    expect(audioExtractionMode('mp3', 'aac')).toBe('encode');
  });

  it('builds audio-only commands', () => {
    const base = [...PRELUDE, ...MOV, '-i', 'file:/v.mp4', '-map', '0:a:0', '-vn', '-sn', '-dn'];
    expect(
      extractAudioArgs({ input: '/v.mp4', inputFormat: 'mov', output: '/a.m4a', sourceAudioCodec: 'aac' }),
    ).toEqual([...base, '-c:a', 'copy', '-f', 'ipod', '-movflags', '+faststart', 'file:/a.m4a']);
    expect(
      extractAudioArgs({
        input: '/v.mp4',
        inputFormat: 'mov',
        output: '/a.m4a',
        sourceAudioCodec: 'opus',
        options: { bitrateKbps: 96 },
      }),
    ).toEqual([...base, '-c:a', 'aac', '-b:a', '96k', '-f', 'ipod', '-movflags', '+faststart', 'file:/a.m4a']);
    expect(
      extractAudioArgs({
        input: '/v.mp4',
        inputFormat: 'mov',
        output: '/a.mp3',
        sourceAudioCodec: 'aac',
        options: { format: 'mp3' },
      }),
    ).toEqual([...base, '-c:a', 'libmp3lame', '-b:a', '192k', '-f', 'mp3', 'file:/a.mp3']);
    expect(() =>
      extractAudioArgs({ input: '/v.mp4', inputFormat: 'mov', output: '/a.m4a', sourceAudioCodec: undefined }),
    ).toThrow(/no audio stream/);
  });
});

describe('trim', () => {
  const keyframes = [0, 2.002, 4.004];
  const plan = (startSec: number, endSec: number, extra: Partial<Parameters<typeof planTrim>[0]> = {}) =>
    planTrim({ startSec, endSec, inputDurationSec: 10, keyframes, hasVideo: true, ...extra });

  it('copies from a keyframe (within tolerance) and snaps the start onto it', () => {
    expect(plan(2.0, 5)).toMatchObject({
      mode: 'copy',
      startSec: 2.002,
      endSec: 5,
      reason: 'start 2.000 s is on the keyframe at 2.002 s',
    });
    expect(plan(0, 3)).toMatchObject({ mode: 'copy', startSec: 0, durationSec: 3 });
  });

  it('re-encodes between keyframes or without keyframe data, and copies audio-only inputs', () => {
    expect(plan(3, 5)).toMatchObject({
      mode: 'reencode',
      startSec: 3,
      reason: 'start 3.000 s is not on a keyframe (previous one at 2.002 s)',
    });
    expect(plan(2, 5, { keyframes: undefined })).toMatchObject({
      mode: 'reencode',
      reason: 'keyframe times are unknown',
    });
    expect(plan(3, 5, { hasVideo: false, keyframes: undefined })).toMatchObject({ mode: 'copy' });
  });

  it('clamps the end to the input and rejects impossible ranges', () => {
    expect(plan(4.004, 99)).toMatchObject({ endSec: 10, durationSec: 10 - 4.004 });
    expect(() => plan(5, 5)).toThrow(/0 <= startSec < endSec/);
    expect(() => plan(12, 15)).toThrow(/past the end of the input \(10 s\)/);
  });

  it('builds copy and re-encode commands', () => {
    const copy = trimArgs({ input: '/v.mp4', inputFormat: 'mov', output: '/t.mp4', plan: plan(2.002, 5) });
    expect(copy).toEqual([
      ...PRELUDE,
      '-ss',
      '2.003',
      ...MOV,
      '-i',
      'file:/v.mp4',
      '-t',
      '2.998',
      '-map',
      '0:v:0?',
      '-map',
      '0:a:0?',
      '-c',
      'copy',
      '-avoid_negative_ts',
      'make_zero',
      '-movflags',
      '+faststart',
      'file:/t.mp4',
    ]);
    const encode = trimArgs({
      input: '/v.mp4',
      inputFormat: 'mov',
      output: '/t.mp4',
      plan: plan(3, 4.5),
      options: { crf: 30 },
    });
    expect(flagValue(encode, '-ss')).toBe('3.000');
    expect(flagValue(encode, '-t')).toBe('1.500');
    expect(flagValue(encode, '-c:v')).toBe('libx264');
    expect(flagValue(encode, '-crf')).toBe('30');
  });
});
