/**
 * Issue 12 item 6 for video jobs: one user may have at most VIDEO_MAX_OPEN_PER_USER jobs queued or running; more
 * answer 429 TOO_MANY_JOBS (nothing is created), other users are not affected, a finished or canceled job frees
 * its place, and a bad value stops the service at start with the variable named.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InternalFile } from '@smh/shared';
import { makeClip } from '../../services/video-service/test/ffmpeg/fixtures.js';
import { ALICE, BOB, startVideoHarness, type TestUser, type VideoHarness } from '../integration/video-harness.js';

let h: VideoHarness;
let alicesClip: InternalFile;
let bobsClip: InternalFile;

beforeAll(async () => {
  vi.stubEnv('VIDEO_MAX_OPEN_PER_USER', '2');
  // Jobs are not worked: whatever is accepted stays queued, so "open" is exactly what was accepted.
  h = await startVideoHarness({ work: false });
  vi.unstubAllEnvs();
  const clipPath = await makeClip('ffmpeg', path.join(h.workDir, 'clip.mp4'), {
    width: 160,
    height: 120,
    fps: 10,
    durationSec: 1,
  });
  alicesClip = await h.register(ALICE, clipPath, { mime: 'video/mp4', duration: 1 });
  bobsClip = await h.register(BOB, clipPath, { mime: 'video/mp4', duration: 1 });
}, 120_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await h?.close();
});

async function startJob(user: TestUser, file: InternalFile) {
  const response = await h.video.app.inject({
    method: 'POST',
    url: '/api/videos/jobs',
    headers: await h.as(user),
    payload: { operation: 'probe', inputs: [file.id] },
  });
  return { status: response.statusCode, body: response.json() as Record<string, any> };
}

async function jobCount(user: TestUser): Promise<number> {
  const response = await h.video.app.inject({ method: 'GET', url: '/api/videos/jobs', headers: await h.as(user) });
  return (response.json() as { items: unknown[] }).items.length;
}

describe('VIDEO_MAX_OPEN_PER_USER', () => {
  it('refuses a third open job with 429 TOO_MANY_JOBS and creates nothing; other users still can', async () => {
    const first = await startJob(ALICE, alicesClip);
    const second = await startJob(ALICE, alicesClip);
    expect([first.status, second.status]).toEqual([202, 202]);

    const third = await startJob(ALICE, alicesClip);
    expect(third.status).toBe(429);
    expect(third.body.error).toMatchObject({ code: 'TOO_MANY_JOBS', details: { open: 2, limit: 2 } });
    expect(third.body.error.message).toMatch(/at most 2/);
    expect(await jobCount(ALICE)).toBe(2);

    expect((await startJob(BOB, bobsClip)).status).toBe(202);

    // A canceled job is no longer open: its place is free again.
    const cancel = await h.video.app.inject({
      method: 'POST',
      url: `/api/videos/jobs/${first.body.id}/cancel`,
      headers: await h.as(ALICE),
    });
    expect(cancel.statusCode).toBe(202);
    expect((await startJob(ALICE, alicesClip)).status).toBe(202);
    expect((await startJob(ALICE, alicesClip)).status).toBe(429);
  });

  it.each(['0', 'many'])('a bad value (%s) stops video-service at start, naming the variable', async (value) => {
    vi.stubEnv('VIDEO_MAX_OPEN_PER_USER', value);
    try {
      await expect(startVideoHarness({ work: false })).rejects.toThrow(/VIDEO_MAX_OPEN_PER_USER/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
