import { describe, expect, it } from 'vitest';
import { AppError } from '@smh/shared';
import { FfmpegError } from '../../src/ffmpeg/errors.js';
import { describeFailure, InputUnusableError, OutputRejectedError } from '../../src/domain/job-failure.js';
import { OUTPUT_MIME, outputKey, ownerSegment, posterKey } from '../../src/domain/output-naming.js';

describe('output naming', () => {
  const job = {
    id: '3f2a9c1e-7b4d-4e2a-9c1e-000000000001',
    ownerId: 'user-alice',
    operation: 'merge' as const,
    createdAt: new Date('2026-11-29T23:59:59.999Z'),
  };

  it('names outputs videos/<owner>/<date>_<operation>_<short-id>.<ext>', () => {
    expect(outputKey(job, 'mp4')).toBe('videos/user-alice/2026-11-29_merge_3f2a9c1e.mp4');
    expect(outputKey({ ...job, operation: 'extract-audio' }, 'mp3')).toBe(
      'videos/user-alice/2026-11-29_extract-audio_3f2a9c1e.mp3',
    );
  });

  it('keeps owner ids inside one path segment', () => {
    expect(ownerSegment('../../etc')).toBe('______etc');
    expect(ownerSegment('a/b')).toBe('a_b');
    expect(ownerSegment('')).toBe('_');
    expect(outputKey({ ...job, ownerId: '../x' }, 'jpg')).toBe('videos/___x/2026-11-29_merge_3f2a9c1e.jpg');
    expect(posterKey({ id: 'f1', ownerId: 'u/1' })).toBe('thumbnails/u_1/f1.poster.jpg');
  });

  it('maps each output extension to its MIME type', () => {
    expect(OUTPUT_MIME).toEqual({ mp4: 'video/mp4', m4a: 'audio/mp4', mp3: 'audio/mpeg', jpg: 'image/jpeg' });
  });
});

describe('job failures', () => {
  it("keeps ffmpeg's message and decides whether a retry can help", () => {
    expect(describeFailure(new FfmpegError('FFMPEG_FAILED', 'ffmpeg exited with code 1: moov atom not found'))).toEqual(
      { code: 'FFMPEG_FAILED', message: 'ffmpeg exited with code 1: moov atom not found', retryable: false },
    );
    expect(describeFailure(new FfmpegError('NOT_FOUND', 'no ffmpeg'))).toMatchObject({
      code: 'FFMPEG_UNAVAILABLE',
      retryable: true,
    });
    expect(describeFailure(new FfmpegError('TIMEOUT', 'took too long'))).toMatchObject({
      code: 'FFMPEG_TIMEOUT',
      retryable: false,
    });
    expect(describeFailure(new FfmpegError('INVALID_OPTIONS', 'no audio stream'))).toMatchObject({
      code: 'INVALID_INPUT',
      retryable: false,
    });
  });

  it('retries outages of other services, not their refusals', () => {
    expect(describeFailure(new AppError(503, 'SERVICE_UNAVAILABLE', 'file-service is unreachable'))).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      retryable: true,
    });
    expect(describeFailure(new AppError(400, 'SIZE_MISMATCH', 'holds 3 bytes'))).toEqual({
      code: 'SIZE_MISMATCH',
      message: 'holds 3 bytes',
      retryable: false,
    });
    expect(describeFailure(new OutputRejectedError('no audio'))).toMatchObject({
      code: 'OUTPUT_REJECTED',
      retryable: false,
    });
    expect(describeFailure(new InputUnusableError('gone'))).toMatchObject({ code: 'INPUT_UNUSABLE', retryable: false });
    expect(describeFailure(new Error('ECONNRESET'))).toMatchObject({ code: 'INTERNAL_ERROR', retryable: true });
  });
});
