// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { buildVideoJobs, DEFAULT_TOOL_OPTIONS } from './videoJobRequest.ts';

describe('buildVideoJobs (bodies match the video-service schemas)', () => {
  it('merges the clips in the given order as one job, with an optional size', () => {
    expect(buildVideoJobs('merge', ['c', 'a', 'b'], DEFAULT_TOOL_OPTIONS)).toEqual({
      ok: true,
      jobs: [{ operation: 'merge', inputs: ['c', 'a', 'b'] }],
    });
    expect(buildVideoJobs('merge', ['a', 'b'], { ...DEFAULT_TOOL_OPTIONS, mergeResolution: '480p' })).toEqual({
      ok: true,
      jobs: [{ operation: 'merge', inputs: ['a', 'b'], options: { resolution: '480p' } }],
    });
  });

  it('needs two clips to merge and one for the rest', () => {
    expect(buildVideoJobs('merge', ['a'], DEFAULT_TOOL_OPTIONS)).toEqual({
      ok: false,
      errors: { clips: 'Choose at least two clips to merge.' },
    });
    expect(buildVideoJobs('trim', [], DEFAULT_TOOL_OPTIONS)).toEqual({
      ok: false,
      errors: { clips: 'Choose at least one clip.' },
    });
  });

  it('makes one transcode job per clip with the size class as preset and a numeric crf', () => {
    expect(buildVideoJobs('transcode', ['a', 'b'], { ...DEFAULT_TOOL_OPTIONS, resolution: '480p', crf: '28' })).toEqual(
      {
        ok: true,
        jobs: [
          { operation: 'transcode', inputs: ['a'], options: { preset: '480p', crf: 28 } },
          { operation: 'transcode', inputs: ['b'], options: { preset: '480p', crf: 28 } },
        ],
      },
    );
    expect(buildVideoJobs('transcode', ['a'], { ...DEFAULT_TOOL_OPTIONS, crf: '51' })).toMatchObject({
      ok: false,
      errors: { crf: expect.any(String) },
    });
    expect(buildVideoJobs('transcode', ['a'], { ...DEFAULT_TOOL_OPTIONS, resolution: 'veryfast' })).toMatchObject({
      ok: false,
      errors: { resolution: expect.any(String) },
    });
  });

  it('converts trim times to startSec/endSec and checks them against the clip length', () => {
    expect(buildVideoJobs('trim', ['a'], { ...DEFAULT_TOOL_OPTIONS, start: '0:05', end: '1:00.5' })).toEqual({
      ok: true,
      jobs: [{ operation: 'trim', inputs: ['a'], options: { startSec: 5, endSec: 60.5 } }],
    });
    expect(buildVideoJobs('trim', ['a'], { ...DEFAULT_TOOL_OPTIONS, start: '3', end: '' })).toEqual({
      ok: false,
      errors: { end: 'Enter where the clip should end.' },
    });
    expect(buildVideoJobs('trim', ['a'], { ...DEFAULT_TOOL_OPTIONS, start: '30', end: '40' }, 12)).toEqual({
      ok: false,
      errors: { start: 'The start is past the end of the clip.' },
    });
  });

  it('takes a poster frame or a contact sheet', () => {
    expect(buildVideoJobs('thumbnail', ['a'], { ...DEFAULT_TOOL_OPTIONS, posterAt: '1:30' })).toMatchObject({
      ok: true,
      jobs: [{ options: { atSec: 90 } }],
    });
    expect(
      buildVideoJobs('thumbnail', ['a'], {
        ...DEFAULT_TOOL_OPTIONS,
        thumbnailMode: 'sheet',
        sheetColumns: '3',
        sheetRows: '2',
      }),
    ).toMatchObject({
      ok: true,
      jobs: [{ operation: 'thumbnail', options: { sheet: { columns: 3, rows: 2 } } }],
    });
    expect(
      buildVideoJobs('thumbnail', ['a'], { ...DEFAULT_TOOL_OPTIONS, thumbnailMode: 'sheet', sheetColumns: '13' }),
    ).toEqual({ ok: false, errors: { sheetColumns: 'Use 1 to 12 columns.' } });
    expect(buildVideoJobs('thumbnail', ['a'], { ...DEFAULT_TOOL_OPTIONS, posterAt: 'soon' })).toMatchObject({
      ok: false,
      errors: { posterAt: expect.any(String) },
    });
  });

  it('extracts audio as m4a or mp3 only', () => {
    expect(buildVideoJobs('extract-audio', ['a'], { ...DEFAULT_TOOL_OPTIONS, audioFormat: 'mp3' })).toMatchObject({
      ok: true,
      jobs: [{ operation: 'extract-audio', options: { format: 'mp3' } }],
    });
    expect(buildVideoJobs('extract-audio', ['a'], { ...DEFAULT_TOOL_OPTIONS, audioFormat: 'wav' })).toMatchObject({
      ok: false,
    });
  });
});
