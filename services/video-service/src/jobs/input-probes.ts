/**
 * The probes of a job's inputs: from `videos.probes` when the file's content is the one probed before, otherwise
 * ffprobe (a few at a time) and remembered for the next job.
 */
import type { Clock, InternalFile } from '@smh/shared';
import type { Ffmpeg, ProbeResult } from '../ffmpeg/index.js';
import { validProbes, type ProbeRepository, type StoredProbe } from '../repository/probes.js';

/** ffprobe runs at once: each is mostly process start-up, little CPU. */
export const PROBE_CONCURRENCY = 4;

export interface ProbedInput {
  file: InternalFile;
  path: string;
  probe: ProbeResult;
}

export async function probeInputs(
  deps: { ff: Ffmpeg; probes: ProbeRepository; clock: Clock },
  inputs: readonly { file: InternalFile; path: string }[],
  signal: AbortSignal,
  /** The inputs' stored probes when the caller already asked for them (see ProbeRepository.storedFor). */
  stored?: readonly StoredProbe[],
): Promise<ProbedInput[]> {
  const results = new Array<ProbedInput>(inputs.length);
  const files = inputs.map((input) => input.file);
  const cached = stored === undefined ? await deps.probes.getMany(files) : validProbes(stored, files);
  // The same file twice in a merge is probed once.
  const known = new Map<string, Promise<ProbeResult>>([...cached].map(([id, probe]) => [id, Promise.resolve(probe)]));
  const probeOne = async ({ file, path }: { file: InternalFile; path: string }): Promise<ProbeResult> => {
    const probe = await deps.ff.probe(path, { signal });
    await deps.probes.put(file.id, file.sha256, probe, deps.clock.now());
    return probe;
  };
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < inputs.length; index = next++) {
      const input = inputs[index] as { file: InternalFile; path: string };
      let probe = known.get(input.file.id);
      if (probe === undefined) {
        probe = probeOne(input);
        known.set(input.file.id, probe);
      }
      results[index] = { ...input, probe: await probe };
    }
  };
  await Promise.all(Array.from({ length: Math.min(PROBE_CONCURRENCY, inputs.length) }, worker));
  return results;
}
