/**
 * The merge job timed end to end through video-service (with file-service beside it, as in embedded mode):
 * POST /api/videos/jobs → queue → probe inputs → ffmpeg → check the output (its MP4 header) → sha256 → commit →
 * register → `video.completed`. Reuses the integration tests' composition (real PGlite, embedded queue, temp storage).
 */
import type { InternalFile } from '@smh/shared';
import { ALICE, startVideoHarness, type VideoHarness } from '../../tests/integration/video-harness.js';

export interface ServiceMergeTiming {
  /** Median wall time from the POST to the `video.completed` event. */
  medianMs: number;
  /** Median of the reference, timed right before each service run (so both see the same machine load). */
  referenceMs: number;
  mode: string;
}

function waitForOutcome(h: VideoHarness, jobId: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const unsubscribe = h.context.events.subscribe((event) => {
      if (event.name === 'video.completed' && event.data.id === jobId) {
        unsubscribe();
        resolve(event.data.outputFileIds);
      } else if (event.name === 'video.failed' && event.data.id === jobId) {
        unsubscribe();
        reject(new Error(`merge job failed: ${event.data.error.message}`));
      }
    });
  });
}

async function analysed(h: VideoHarness, fileId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await h.getFile(fileId))?.thumbnailKey == null) {
    if (Date.now() > deadline) throw new Error(`the output ${fileId} got no poster within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function timeServiceMerge(
  clips: readonly string[],
  repeats: number,
  reference: () => Promise<unknown>,
): Promise<ServiceMergeTiming> {
  // Production progress throttling, so the database sees what it would in service.
  const h = await startVideoHarness({ progress: { minIntervalMs: 500, minStep: 0.05 } });
  try {
    const inputs: InternalFile[] = [];
    for (const clip of clips) inputs.push(await h.register(ALICE, clip, { mime: 'video/mp4', duration: 2 }));
    const headers = await h.as(ALICE);
    const runOnce = async () => {
      const started = process.hrtime.bigint();
      const response = await h.video.app.inject({
        method: 'POST',
        url: '/api/videos/jobs',
        headers,
        payload: { operation: 'merge', inputs: inputs.map((file) => file.id) },
      });
      if (response.statusCode !== 202)
        throw new Error(`POST /api/videos/jobs answered ${response.statusCode}: ${response.body}`);
      const { id } = response.json() as { id: string };
      const outputs = await waitForOutcome(h, id);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The output's analysis (probe, poster) runs after the job, niced: waited for outside the timing, so it does
      // not run into the next bare command and slow the reference.
      for (const fileId of outputs) await analysed(h, fileId);
      return { ms, id };
    };
    const warm = await runOnce();
    const samples: number[] = [];
    const references: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const started = process.hrtime.bigint();
      await reference();
      references.push(Number(process.hrtime.bigint() - started) / 1e6);
      samples.push((await runOnce()).ms);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
    const job = (await h.video.app.inject({ method: 'GET', url: `/api/videos/jobs/${warm.id}`, headers })).json() as {
      result?: { mode?: string };
    };
    return { medianMs: median(samples), referenceMs: median(references), mode: job.result?.mode ?? 'unknown' };
  } finally {
    await h.close();
  }
}
