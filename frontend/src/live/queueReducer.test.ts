// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Download, VideoJob } from '../api/types.ts';
import { initialQueueState, isUnknownItem, queueReducer, shouldRefetchAfter, type QueueState } from './queueReducer.ts';

const download = (id: string, patch: Partial<Download> = {}): Download => ({
  id,
  url: `https://www.instagram.com/${id}/`,
  kind: 'profile',
  status: 'queued',
  progress: { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 },
  ...patch,
});
const job = (id: string, patch: Partial<VideoJob> = {}): VideoJob => ({
  id,
  operation: 'merge',
  status: 'queued',
  progress: 0,
  ...patch,
});

function withItems(): QueueState {
  let state = queueReducer(initialQueueState, { type: 'downloads/replace', items: [download('d1'), download('d2')] });
  state = queueReducer(state, { type: 'videoJobs/replace', items: [job('v1')] });
  return state;
}
const event = (name: string, data: unknown, at = 1000) => ({ type: 'event' as const, name, data, at });

describe('queueReducer', () => {
  it('applies download.progress: status running, progress and reported speed', () => {
    const state = queueReducer(
      withItems(),
      event('download.progress', {
        id: 'd1',
        progress: { filesDone: 2, filesTotal: 5, bytesDone: 4000, bytesTotal: 10000 },
        speedBps: 2048,
      }),
    );
    const d1 = state.downloads.find((d) => d.id === 'd1');
    expect(d1).toMatchObject({
      status: 'running',
      progress: { filesDone: 2, filesTotal: 5, bytesDone: 4000, bytesTotal: 10000 },
      speedBps: 2048,
    });
    expect(state.downloads.find((d) => d.id === 'd2')?.status).toBe('queued');
  });

  it('measures speed from two progress events when the hub sends none', () => {
    let state = queueReducer(
      withItems(),
      event(
        'download.progress',
        { id: 'd1', progress: { filesDone: 0, filesTotal: 1, bytesDone: 1000, bytesTotal: 9000 } },
        10_000,
      ),
    );
    state = queueReducer(
      state,
      event(
        'download.progress',
        { id: 'd1', progress: { filesDone: 0, filesTotal: 1, bytesDone: 5000, bytesTotal: 9000 } },
        12_000,
      ),
    );
    expect(state.downloads[0]?.speedBps).toBe(2000);
  });

  it('marks completion, fills progress to the total and keeps file ids', () => {
    let state = queueReducer(
      withItems(),
      event('download.progress', {
        id: 'd1',
        progress: { filesDone: 4, filesTotal: 5, bytesDone: 90, bytesTotal: 100 },
        speedBps: 5,
      }),
    );
    state = queueReducer(state, event('download.completed', { id: 'd1', fileIds: ['f1', 'f2'] }));
    expect(state.downloads[0]).toMatchObject({
      status: 'completed',
      progress: { filesDone: 5, filesTotal: 5, bytesDone: 100, bytesTotal: 100 },
      fileIds: ['f1', 'f2'],
      speedBps: undefined,
    });
  });

  it('records the failure reason in words', () => {
    let state = queueReducer(
      withItems(),
      event('download.failed', {
        id: 'd2',
        error: { code: 'PRIVATE_PROFILE', message: 'This profile is private.', retryable: false },
      }),
    );
    expect(state.downloads[1]).toMatchObject({
      status: 'failed',
      error: { code: 'PRIVATE_PROFILE', message: 'This profile is private.', retryable: false },
    });
    state = queueReducer(state, event('download.failed', { id: 'd1' }));
    expect(state.downloads[0]?.error?.message).toBe('The job failed without giving a reason.');
  });

  it('ignores progress that arrives after a final state', () => {
    let state = queueReducer(withItems(), event('download.completed', { id: 'd1' }));
    state = queueReducer(
      state,
      event('download.progress', { id: 'd1', progress: { filesDone: 1, filesTotal: 9, bytesDone: 1, bytesTotal: 9 } }),
    );
    expect(state.downloads[0]?.status).toBe('completed');
  });

  it('tracks video job progress (0..1, or a percentage) and completion outputs', () => {
    let state = queueReducer(withItems(), event('video.progress', { id: 'v1', progress: 0.5 }));
    expect(state.videoJobs[0]).toMatchObject({ status: 'running', progress: 0.5 });
    state = queueReducer(state, event('video.progress', { id: 'v1', progress: 75 }));
    expect(state.videoJobs[0]?.progress).toBe(0.75);
    state = queueReducer(state, event('video.completed', { id: 'v1', outputFileIds: ['out1'] }));
    expect(state.videoJobs[0]).toMatchObject({ status: 'completed', progress: 1, outputFileIds: ['out1'] });
    state = queueReducer(state, event('video.failed', { id: 'v1', error: 'ffmpeg exited with code 1' }));
    expect(state.videoJobs[0]?.error).toEqual({ code: 'FAILED', message: 'ffmpeg exited with code 1' });
  });

  it('leaves the state untouched for unknown ids and malformed data', () => {
    const state = withItems();
    expect(queueReducer(state, event('download.progress', { id: 'nope', progress: {} }))).toBe(state);
    expect(queueReducer(state, event('download.progress', 'garbage'))).toBe(state);
    expect(queueReducer(state, event('something.else', { id: 'd1' }))).toBe(state);
  });

  it('upserts a just-created item at the top and merges later answers', () => {
    let state = queueReducer(withItems(), { type: 'download/upsert', item: download('d3') });
    expect(state.downloads.map((d) => d.id)).toEqual(['d3', 'd1', 'd2']);
    state = queueReducer(state, { type: 'download/upsert', item: download('d3', { status: 'running' }) });
    expect(state.downloads).toHaveLength(3);
    expect(state.downloads[0]?.status).toBe('running');
  });

  it('keeps the measured speed of running items across a list refresh', () => {
    let state = queueReducer(
      withItems(),
      event('download.progress', {
        id: 'd1',
        progress: { filesDone: 1, filesTotal: 2, bytesDone: 5, bytesTotal: 10 },
        speedBps: 900,
      }),
    );
    state = queueReducer(state, { type: 'downloads/replace', items: [download('d1', { status: 'running' })] });
    expect(state.downloads[0]?.speedBps).toBe(900);
  });

  it('says when to refetch', () => {
    const state = withItems();
    expect(isUnknownItem(state, 'download.progress', { id: 'other' })).toBe(true);
    expect(isUnknownItem(state, 'download.progress', { id: 'd1' })).toBe(false);
    expect(isUnknownItem(state, 'video.progress', { id: 'v9' })).toBe(true);
    expect(shouldRefetchAfter('download.completed')).toBe(true);
    expect(shouldRefetchAfter('video.failed')).toBe(true);
    expect(shouldRefetchAfter('subscription.run')).toBe(true);
    expect(shouldRefetchAfter('download.progress')).toBe(false);
  });
});
