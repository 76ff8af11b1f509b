/** `videos.probes`: the ffprobe facts of library files, valid while the file's content hash is unchanged. */
import type { Sql } from '@smh/shared';
import type { ProbeResult } from '../ffmpeg/index.js';

export type ProbeRepository = ReturnType<typeof createProbeRepository>;

export function createProbeRepository(sql: Sql) {
  return {
    /** The probes still valid for these files (same content hash), by file id. */
    async getMany(files: readonly { id: string; sha256: string }[]): Promise<Map<string, ProbeResult>> {
      if (files.length === 0) return new Map();
      const { rows } = await sql.query<{ file_id: string; sha256: string; probe: ProbeResult | string }>(
        `SELECT file_id::text AS file_id, sha256, probe FROM videos.probes WHERE file_id = ANY($1::uuid[])`,
        [[...new Set(files.map((file) => file.id))]],
      );
      const wanted = new Map(files.map((file) => [file.id, file.sha256]));
      return new Map(
        rows
          .filter((row) => wanted.get(row.file_id) === row.sha256)
          .map((row) => [
            row.file_id,
            typeof row.probe === 'string' ? (JSON.parse(row.probe) as ProbeResult) : row.probe,
          ]),
      );
    },
    async put(fileId: string, sha256: string, probe: ProbeResult, now: Date): Promise<void> {
      // Keyframe lists can be long and only trim needs them (it probes for itself).
      const { keyframes: _keyframes, ...facts } = probe;
      await sql.query(
        `INSERT INTO videos.probes (file_id, sha256, probe, probed_at) VALUES ($1, $2, $3::jsonb, $4)
         ON CONFLICT (file_id) DO UPDATE SET sha256 = excluded.sha256, probe = excluded.probe, probed_at = excluded.probed_at`,
        [fileId, sha256, JSON.stringify(facts), now],
      );
    },
  };
}
