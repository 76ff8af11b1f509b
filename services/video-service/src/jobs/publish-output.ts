/**
 * Turns a verified temporary output into a library file: check it against what the operation promised (while it is
 * hashed: both only read it; an MP4/M4A from its header in this process, anything else with ffprobe),
 * commit it under `videos/<owner>/…` (never over an existing file) and register it with file-service. If the
 * registration fails, the committed bytes are removed again: nothing half-published stays behind.
 */
import { stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { sha256File, type InternalFile, type Logger, type MediaStorage } from '@smh/shared';
import { verifyMp4Output, type Ffmpeg, type ProbeResult } from '../ffmpeg/index.js';
import type { FileCatalog } from '../adapters/file-catalog.js';
import { OutputRejectedError } from '../domain/job-failure.js';
import { OUTPUT_MIME, outputKey } from '../domain/output-naming.js';
import type { VideoJob } from '../repository/jobs.js';
import type { ProducedOutput } from './operations.js';

export interface PublishDeps {
  ff: Ffmpeg;
  storage: MediaStorage;
  catalog: FileCatalog;
  logger: Logger;
}

export interface PublishedOutput {
  file: InternalFile;
  /** ffprobe's report from the check, when ffprobe made it, so nobody needs to probe it again. */
  probe?: ProbeResult;
}

export async function publishOutput(
  deps: PublishDeps,
  job: VideoJob,
  output: ProducedOutput,
  requestId?: string,
): Promise<PublishedOutput> {
  const { ff, storage, catalog, logger } = deps;
  // Checked, hashed and flushed to disk at once: all three only read the finished file.
  const [check, sha256, info, synced] = await Promise.all([
    verifyMp4Output(output.path, output.expect).then(
      (fromHeader) => fromHeader ?? ff.verifyOutput(output.path, output.expect),
    ),
    sha256File(output.path).catch(() => undefined), // an unreadable output fails its check below
    stat(output.path).catch(() => undefined),
    storage.syncTemp(output.path).then(
      () => true,
      () => false,
    ),
  ]);
  if (!check.ok || check.facts === undefined || sha256 === undefined || info === undefined) {
    const problems = check.problems.length > 0 ? check.problems : ['it cannot be read'];
    throw new OutputRejectedError(`The ${job.operation} output failed its check: ${problems.join('; ')}.`);
  }
  const facts = check.facts;
  const key = await storage.availableKey(outputKey(job, output.extension));
  await storage.commit(output.path, key, { synced });
  try {
    const file = await catalog.register(
      {
        ownerId: job.ownerId,
        storageKey: key,
        name: posix.basename(key),
        mime: OUTPUT_MIME[output.extension],
        size: info.size,
        sha256,
        width: facts.video?.displayWidth ?? null,
        height: facts.video?.displayHeight ?? null,
        duration: facts.isImage || !(facts.durationSec > 0) ? null : facts.durationSec,
        origin: { kind: 'video-job', id: job.id },
        derivedFrom: [...new Set(job.inputs)],
      },
      requestId,
    );
    return check.probe === undefined ? { file } : { file, probe: check.probe };
  } catch (error) {
    await storage
      .remove(key)
      .catch((removeError: unknown) =>
        logger.warn({ err: removeError, key }, 'could not remove an unregistered output'),
      );
    throw error;
  }
}
