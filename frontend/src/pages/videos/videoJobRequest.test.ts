// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { buildVideoJobs, DEFAULT_TOOL_OPTIONS } from './videoJobRequest.ts';

describe('buildVideoJobs', () => {
  it('merges the clips in the given order as one job', () => {
    expect(buildVideoJobs('merge', ['c', 'a', 'b'], DEFAULT_TOOL_OPTIONS)).toEqual({ ok: true, jobs: [{ operation: 'merge', inputs: ['c', 'a', 'b'] }] });
  });

  it('needs two clips to merge and one for the rest', () => {
    expect(buildVideoJobs('merge', ['a'], DEFAULT_TOOL_OPTIONS)).toEqual({ ok: false, errors: { clips: 'Choose at least two clips to merge.' } });
    expect(buildVideoJobs('trim', [], DEFAULT_TOOL_OPTIONS)).toEqual({ ok: false, errors: { clips: 'Choose at least one clip.' } });
  });

  it('makes one transcode job per clip with preset and numeric crf', () => {
    const built = buildVideoJobs('transcode', ['a', 'b'], { ...DEFAULT_TOOL_OPTIONS, preset: 'slow', crf: '28' });
    expect(built).toEqual({
      ok: true,
      jobs: [
        { operation: 'transcode', inputs: ['a'], options: { preset: 'slow', crf: 28 } },
        { operation: 'transcode', inputs: ['b'], options: { preset: 'slow', crf: 28 } },
      ],
    });
    expect(buildVideoJobs('transcode', ['a'], { ...DEFAULT_TOOL_OPTIONS, crf: '60' })).toMatchObject({ ok: false, errors: { crf: expect.any(String) } });
  });

  it('converts trim times to seconds and checks them against the clip length', () => {
    expect(buildVideoJobs('trim', ['a'], { ...DEFAULT_TOOL_OPTIONS, start: '0:05', end: '1:00.5' })).toEqual({
      ok: true,
      jobs: [{ operation: 'trim', inputs: ['a'], options: { start: 5, end: 60.5 } }],
    });
    expect(buildVideoJobs('trim', ['a'], { ...DEFAULT_TOOL_OPTIONS, start: '3', end: '' })).toMatchObject({ ok: true, jobs: [{ options: { start: 3 } }] });
    expect(buildVideoJobs('trim', ['a'], { ...DEFAULT_TOOL_OPTIONS, start: '30', end: '' }, 12)).toEqual({
      ok: false,
      errors: { start: 'The start is past the end of the clip.' },
    });
  });

  it('asks for a thumbnail count and an audio format', () => {
    expect(buildVideoJobs('thumbnail', ['a'], { ...DEFAULT_TOOL_OPTIONS, thumbnailCount: '4' })).toMatchObject({ ok: true, jobs: [{ options: { count: 4 } }] });
    expect(buildVideoJobs('thumbnail', ['a'], { ...DEFAULT_TOOL_OPTIONS, thumbnailCount: '0' })).toMatchObject({ ok: false });
    expect(buildVideoJobs('extract-audio', ['a'], { ...DEFAULT_TOOL_OPTIONS, audioFormat: 'm4a' })).toMatchObject({ ok: true, jobs: [{ operation: 'extract-audio', options: { format: 'm4a' } }] });
    expect(buildVideoJobs('extract-audio', ['a'], { ...DEFAULT_TOOL_OPTIONS, audioFormat: 'flac' })).toMatchObject({ ok: false });
  });
});
