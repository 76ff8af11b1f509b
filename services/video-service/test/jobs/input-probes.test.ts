/**
 * Input probes come from `videos.probes` while a file's content hash is unchanged: a second job on the same files
 * runs no ffprobe, a file whose content changed is probed again, and a file given twice is probed once.
 * Real database (PGlite with the service's migrations); the ffmpeg facade is replaced by a counting prober.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, systemClock, type Database, type InternalFile } from '@smh/shared';
import { createPgliteTestDatabase } from '@smh/shared/testing';
import type { Ffmpeg, ProbeResult } from '../../src/ffmpeg/index.js';
import { probeInputs } from '../../src/jobs/input-probes.js';
import { createProbeRepository } from '../../src/repository/probes.js';

let db: Database;

beforeAll(async () => {
  db = await createPgliteTestDatabase();
  await migrate(db, 'video-service', await loadMigrations(new URL('../../migrations', import.meta.url).pathname));
});

afterAll(async () => {
  await db?.close();
});

const file = (n: number, sha = 'a'.repeat(64)) =>
  ({ id: `00000000-0000-4000-8000-00000000000${n}`, sha256: sha }) as InternalFile;

function countingProber() {
  const calls: string[] = [];
  const ff = {
    async probe(path: string): Promise<ProbeResult> {
      calls.push(path);
      return {
        durationSec: path.length,
        formatName: 'mov,mp4',
        bitRate: null,
        sizeBytes: null,
        streams: [],
        isImage: false,
        hasAudio: false,
        keyframes: [0, 2],
      };
    },
  } as unknown as Ffmpeg;
  return { ff, calls };
}

describe('probeInputs', () => {
  it('probes each new file once, then answers from the cache until the content changes', async () => {
    const probes = createProbeRepository(db);
    const { ff, calls } = countingProber();
    const inputs = [
      { file: file(1), path: '/m/one.mp4' },
      { file: file(2), path: '/m/two-two.mp4' },
      { file: file(1), path: '/m/one.mp4' },
    ];
    const first = await probeInputs({ ff, probes, clock: systemClock }, inputs, new AbortController().signal);
    expect(calls.sort()).toEqual(['/m/one.mp4', '/m/two-two.mp4']);
    expect(first.map((input) => input.probe.durationSec)).toEqual([10, 14, 10]);
    expect(first.map((input) => input.path)).toEqual(inputs.map((input) => input.path));

    calls.length = 0;
    const second = await probeInputs({ ff, probes, clock: systemClock }, inputs, new AbortController().signal);
    expect(calls).toEqual([]);
    expect(second.map((input) => input.probe.durationSec)).toEqual([10, 14, 10]);
    expect(second[0]?.probe).not.toHaveProperty('keyframes'); // not stored: only trim needs them, and it probes itself

    const changed = await probeInputs(
      { ff, probes, clock: systemClock },
      [{ file: file(2, 'b'.repeat(64)), path: '/m/two-again.mp4' }],
      new AbortController().signal,
    );
    expect(calls).toEqual(['/m/two-again.mp4']);
    expect(changed[0]?.probe.durationSec).toBe(16);
  });

  it('takes the stored probes a caller asked for before it knew the hashes, keeping only the current ones', async () => {
    const probes = createProbeRepository(db);
    const { ff, calls } = countingProber();
    const three = file(3);
    const four = file(4);
    await probeInputs(
      { ff, probes, clock: systemClock },
      [
        { file: three, path: '/m/three.mp4' },
        { file: four, path: '/m/four.mp4' },
      ],
      new AbortController().signal,
    );
    calls.length = 0;
    const stored = await probes.storedFor([three.id, four.id, three.id]);
    expect(stored.map((row) => row.file_id).sort()).toEqual([three.id, four.id]);
    // File four's content changed since it was probed: its stored probe is stale and it is probed again.
    const fourChanged = file(4, 'c'.repeat(64));
    const result = await probeInputs(
      { ff, probes, clock: systemClock },
      [
        { file: three, path: '/m/three.mp4' },
        { file: fourChanged, path: '/m/four-changed.mp4' },
      ],
      new AbortController().signal,
      stored,
    );
    expect(calls).toEqual(['/m/four-changed.mp4']);
    expect(result.map((input) => input.probe.durationSec)).toEqual([
      '/m/three.mp4'.length,
      '/m/four-changed.mp4'.length,
    ]);
    expect(await probes.storedFor([])).toEqual([]);
  });
});
