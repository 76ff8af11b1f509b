/**
 * The inputs a POST /api/videos/jobs looked up are handed to its job when the same process runs it: file-service is
 * asked once per job, not twice. An input deleted between the POST and the job is still reported by name.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InternalFile } from '@smh/shared';
import { makeClip } from '../../services/video-service/test/ffmpeg/fixtures.js';
import { ALICE, startVideoHarness, type VideoHarness } from './video-harness.js';

let h: VideoHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function twoClips(harness: VideoHarness): Promise<InternalFile[]> {
  const clip = { width: 320, height: 240, fps: 25, durationSec: 1 };
  const made = await Promise.all(
    ['one.mp4', 'two.mp4'].map((name) => makeClip('ffmpeg', path.join(harness.workDir, name), clip)),
  );
  return Promise.all(made.map((file) => harness.register(ALICE, file, { mime: 'video/mp4', duration: 1 })));
}

/** GET /internal/files?ids=… answered by file-service so far. */
async function lookups(harness: VideoHarness): Promise<number> {
  const counter = await harness.fileMetrics.httpRequests.get();
  return counter.values
    .filter((value) => value.labels.route === '/internal/files' && value.labels.method === 'GET')
    .reduce((sum, value) => sum + value.value, 0);
}

async function postMerge(harness: VideoHarness, inputs: InternalFile[]): Promise<string> {
  const response = await harness.video.app.inject({
    method: 'POST',
    url: '/api/videos/jobs',
    headers: await harness.as(ALICE),
    payload: { operation: 'merge', inputs: inputs.map((file) => file.id) },
  });
  expect(response.statusCode, response.body).toBe(202);
  return (response.json() as { id: string }).id;
}

describe('the inputs handed from the POST to its job', () => {
  it('asks file-service for the inputs once per job', async () => {
    h = await startVideoHarness();
    const inputs = await twoClips(h);
    const before = await lookups(h);
    const job = await h.waitForJob(await postMerge(h, inputs), ALICE);
    expect(job.status, JSON.stringify(job)).toBe('completed');
    expect(await lookups(h)).toBe(before + 1);
  });

  it('an input deleted after the POST fails the job naming that input, and nothing is registered', async () => {
    h = await startVideoHarness({ work: false });
    const inputs = await twoClips(h);
    const jobId = await postMerge(h, inputs);
    const deleted = await h.files.app.inject({
      method: 'DELETE',
      url: `/api/files/${inputs[1]?.id}`,
      headers: await h.as(ALICE),
    });
    expect(deleted.statusCode, deleted.body).toBe(204);
    await h.work();
    const job = await h.waitForJob(jobId, ALICE);
    expect(job).toMatchObject({ status: 'failed', outputFileIds: [] });
    expect(JSON.stringify(job)).toContain(`Input 2 (file ${inputs[1]?.id}) no longer exists.`);
  });
});
