/**
 * `media.analyze {fileId}`: after a download or upload, learn what a media file is (probe) and give a video a
 * poster, stored at `thumbnails/<owner>/<id>.poster.jpg` and linked with PATCH /internal/files/:id. Photos get their
 * facts only: file-service makes their thumbnails itself (sharp, on first request).
 * Idempotent: the poster key is fixed per file, and a file already analysed (with its poster present) is left alone.
 */
import { rm } from 'node:fs/promises';
import { AppError, PermanentJobError, type Clock, type JobHandler, type Logger, type MediaStorage } from '@smh/shared';
import { isFfmpegError, type ProbeResult } from '../ffmpeg/index.js';
import { evenFloor } from '../ffmpeg/paths.js';
import type { FfmpegTools } from '../adapters/ffmpeg-tools.js';
import type { FileCatalog } from '../adapters/file-catalog.js';
import { posterKey } from '../domain/output-naming.js';
import type { VideoMetrics } from '../metrics.js';
import type { ProbeRepository } from '../repository/probes.js';
import { probeSummary } from './operations.js';

export interface MediaAnalyzeDeps {
  catalog: FileCatalog;
  probes: ProbeRepository;
  clock: Clock;
  storage: MediaStorage;
  tools: FfmpegTools;
  logger: Logger;
  metrics: VideoMetrics;
}

/** Posters are small: the catalog shows them in grids. */
export const POSTER_MAX_WIDTH = 640;
const POSTER_AT_SEC = 1;

function posterWidth(probe: ProbeResult): number | undefined {
  const width = probe.video?.displayWidth ?? 0;
  if (width < 16) return undefined;
  return Math.min(POSTER_MAX_WIDTH, evenFloor(width));
}

export function createMediaAnalyzeHandler(deps: MediaAnalyzeDeps): JobHandler<'media.analyze'> {
  const { catalog, probes, clock, storage, tools, logger, metrics } = deps;
  return async ({ fileId, requestId }, context) => {
    const file = await catalog.get(fileId, requestId);
    if (file === undefined || !['video', 'image', 'audio'].includes(file.type)) return; // deleted meanwhile, or nothing to learn
    const key = posterKey(file);
    const posterExists = file.thumbnailKey === key && (await storage.stat(key)) !== undefined;
    const wantsPoster = file.type === 'video' && !posterExists;
    const factsKnown =
      file.type === 'audio'
        ? file.duration != null
        : file.width != null && (file.type === 'image' || file.duration != null);
    if (factsKnown && !wantsPoster) return;

    const ff = await tools.background();
    const input = await storage.localPath(file.storageKey);
    const started = performance.now();
    // A video job's output was probed when it was checked, and that probe was kept: no second ffprobe for it.
    let probe: ProbeResult | undefined = (await probes.getMany([file])).get(file.id);
    try {
      if (probe === undefined) {
        probe = await ff.probe(input, { signal: context.signal });
        await probes.put(file.id, file.sha256, probe, clock.now()); // the next job on this file need not probe it
      }
    } catch (error) {
      if (isFfmpegError(error) && error.code === 'FFMPEG_FAILED')
        throw new PermanentJobError(`${file.name} cannot be read as media: ${error.message}`);
      throw error;
    }

    let thumbnailKey: string | undefined;
    if (wantsPoster && probe.video !== undefined) {
      const temp = await storage.tempFile('.jpg');
      try {
        const width = posterWidth(probe);
        const poster = await ff.poster(
          input,
          temp,
          { atSec: POSTER_AT_SEC, ...(width === undefined ? {} : { width }) },
          { signal: context.signal },
        );
        const check = await ff.verifyOutput(temp, { image: true, width: poster.width, height: poster.height });
        if (check.ok) {
          await storage.commit(temp, key, { overwrite: true });
          thumbnailKey = key;
        } else {
          logger.warn({ fileId, problems: check.problems }, 'the poster is not usable; keeping the probe facts only');
        }
      } catch (error) {
        if (context.signal.aborted || !isFfmpegError(error)) throw error;
        logger.warn({ fileId, err: error }, 'no poster for this file'); // the probe facts are still worth keeping
      } finally {
        await rm(temp, { force: true });
      }
    }
    metrics.ffmpegDuration.observe({ operation: 'analyze' }, (performance.now() - started) / 1000);

    try {
      await catalog.update(
        file.id,
        {
          width: probe.video?.displayWidth ?? null,
          height: probe.video?.displayHeight ?? null,
          duration: probe.isImage || !(probe.durationSec > 0) ? null : probe.durationSec,
          probe: probeSummary(probe),
          ...(thumbnailKey === undefined ? {} : { thumbnailKey }),
        },
        requestId,
      );
    } catch (error) {
      if (error instanceof AppError && error.status === 404) {
        if (thumbnailKey !== undefined) await storage.remove(thumbnailKey); // the file went away while we worked
        return;
      }
      throw error;
    }
  };
}
