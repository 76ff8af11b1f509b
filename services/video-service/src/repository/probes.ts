/** `videos.probes`: the ffprobe facts of library files, valid while the file's content hash is unchanged. */
import { type Sql, sql, typed } from '@smh/shared';
import type { ProbeResult } from '../ffmpeg/index.js';
import type { VideoTables } from './tables.js';

export type ProbeRepository = ReturnType<typeof createProbeRepository>;

export interface StoredProbe {
  file_id: string;
  sha256: string;
  probe: ProbeResult;
}

/** The stored probes made from the files' current content, by file id. */
export function validProbes(
  stored: readonly StoredProbe[],
  files: readonly { id: string; sha256: string }[],
): Map<string, ProbeResult> {
  const wanted = new Map(files.map((file) => [file.id, file.sha256]));
  return new Map(stored.filter((row) => wanted.get(row.file_id) === row.sha256).map((row) => [row.file_id, row.probe]));
}

export function createProbeRepository(db: Sql) {
  const q = typed<VideoTables>(db);
  return {
    /**
     * The stored probes of these files, whatever content they were made from (`validProbes` keeps the current ones):
     * a job asks before it knows the files' hashes, while it looks the files up.
     */
    async storedFor(fileIds: readonly string[]): Promise<StoredProbe[]> {
      const ids = [...new Set(fileIds)];
      if (ids.length === 0) return [];
      return q
        .selectFrom('videos.probes')
        .select(['file_id', 'sha256', 'probe'])
        .where(sql<boolean>`file_id = ANY(${ids}::uuid[])`)
        .execute();
    },
    /** The probes still valid for these files (same content hash), by file id. */
    async getMany(files: readonly { id: string; sha256: string }[]): Promise<Map<string, ProbeResult>> {
      return validProbes(await this.storedFor(files.map((file) => file.id)), files);
    },
    async put(fileId: string, sha256: string, probe: ProbeResult, now: Date): Promise<void> {
      // Keyframe lists can be long and only trim needs them (it probes for itself).
      const { keyframes: _keyframes, ...facts } = probe;
      await q
        .insertInto('videos.probes')
        .values({ file_id: fileId, sha256, probe: JSON.stringify(facts), probed_at: now })
        .onConflict((conflict) =>
          conflict.column('file_id').doUpdateSet((eb) => ({
            sha256: eb.ref('excluded.sha256'),
            probe: eb.ref('excluded.probe'),
            probed_at: eb.ref('excluded.probed_at'),
          })),
        )
        .execute();
    },
  };
}
