import { describe, expect, it } from 'vitest';
import { planMerge } from '../../src/ffmpeg/merge-plan.js';
import { clipProbe } from './probe-data.js';

describe('planMerge', () => {
  it('copies when every stream parameter matches; duration is the sum', () => {
    const plan = planMerge([clipProbe(), clipProbe({ durationSec: 3.5 }), clipProbe()]);
    expect(plan).toMatchObject({ mode: 'copy', width: 320, height: 240, fps: 30, totalDurationSec: 7.5 });
    expect(plan.reason).toBe('all 3 inputs share h264 320x240 yuv420p 30/1 fps with aac 48000 Hz 2 ch');
    expect(plan.segments.map((s) => s.durationSec)).toEqual([2, 3.5, 2]);
  });

  it('copies inputs that all lack audio', () => {
    expect(planMerge([clipProbe({ audio: null }), clipProbe({ audio: null })]).mode).toBe('copy');
  });

  it.each([
    ['video codec', { video: { codec: 'hevc' } }, 'input 2: video codec hevc differs from h264'],
    [
      'size',
      { video: { width: 640, height: 360, displayWidth: 640, displayHeight: 360 } },
      'input 2: resolution 640x360 differs from 320x240',
    ],
    ['pixel format', { video: { pixFmt: 'yuv420p10le' } }, 'input 2: pixel format yuv420p10le differs from yuv420p'],
    ['frame rate', { video: { frameRate: '25/1', fps: 25 } }, 'input 2: frame rate 25/1 differs from 30/1'],
    ['time base', { video: { timeBase: '1/90000' } }, 'input 2: time base 1/90000 differs from 1/15360'],
    ['rotation', { video: { rotation: 90 as const } }, 'input 2: rotation 90° differs from 0°'],
    ['audio presence', { audio: null }, 'input 2: it has no audio and the first input has'],
    ['audio codec', { audio: { codec: 'opus' } }, 'input 2: audio codec opus differs from aac'],
    ['sample rate', { audio: { sampleRate: 44_100 } }, 'input 2: audio sample rate 44100 Hz differs from 48000 Hz'],
    ['channels', { audio: { channels: 1 } }, 'input 2: audio channels 1 differ from 2'],
  ])('normalises when the %s differs, naming it', (_what, overrides, reason) => {
    const plan = planMerge([clipProbe(), clipProbe(overrides)]);
    expect(plan).toMatchObject({ mode: 'normalize', reason });
  });

  it('normalises when a photo is among the inputs; the photo lasts imageDurationSec', () => {
    const plan = planMerge(
      [
        clipProbe(),
        clipProbe({
          isImage: true,
          audio: null,
          video: { width: 1080, height: 1350, displayWidth: 1080, displayHeight: 1350 },
        }),
      ],
      {
        imageDurationSec: 4,
      },
    );
    expect(plan).toMatchObject({
      mode: 'normalize',
      reason: 'input 2 is a photo and must be encoded as a still segment',
      totalDurationSec: 6,
    });
    expect(plan.segments[1]).toEqual({ index: 1, durationSec: 4, isImage: true, hasAudio: false });
  });

  it('targets the largest input (display size, even) and the highest frame rate, capped at 60', () => {
    const plan = planMerge([
      clipProbe({ video: { fps: 24, frameRate: '24/1' } }),
      clipProbe({
        video: {
          width: 1919,
          height: 1081,
          displayWidth: 1081,
          displayHeight: 1919,
          rotation: 90,
          fps: 120,
          frameRate: '120/1',
        },
      }),
      clipProbe({ video: { width: 640, height: 480, displayWidth: 640, displayHeight: 480 } }),
    ]);
    expect(plan).toMatchObject({ mode: 'normalize', width: 1082, height: 1920, fps: 60 });
  });

  it('uses the requested size and fps, and 30 fps for photos only', () => {
    expect(
      planMerge([clipProbe(), clipProbe({ video: { codec: 'vp9' } })], { width: 1280, height: 720, fps: 25 }),
    ).toMatchObject({ width: 1280, height: 720, fps: 25 });
    expect(planMerge([clipProbe({ isImage: true, audio: null })]).fps).toBe(30);
  });

  it('forceNormalize re-encodes even compatible inputs', () => {
    expect(planMerge([clipProbe(), clipProbe()], { forceNormalize: true })).toMatchObject({
      mode: 'normalize',
      reason: 're-encode requested (forceNormalize)',
    });
  });

  it('rejects what cannot be merged with INVALID_OPTIONS naming the input', () => {
    expect(() => planMerge([])).toThrow(/at least one input/);
    const audioOnly = { ...clipProbe(), video: undefined };
    expect(() => planMerge([clipProbe(), audioOnly])).toThrow(/Input 2 has no video stream/);
    expect(() => planMerge([clipProbe({ durationSec: 0 })])).toThrow(/Input 1 has no known duration/);
    expect(() => planMerge([clipProbe()], { width: 640 })).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTIONS',
        message: expect.stringContaining('width and height must be given together'),
      }),
    );
    expect(() => planMerge([clipProbe()], { width: 641, height: 360 })).toThrow(/width: must be even/);
  });
});
