/** Where a job's output goes in the library and what it is called: `videos/<owner>/<date>_<operation>_<short-id>.<ext>`. */
import type { VideoOperation } from './job-request.js';

export type OutputExtension = 'mp4' | 'm4a' | 'mp3' | 'jpg';

export const OUTPUT_MIME: Record<OutputExtension, string> = {
  mp4: 'video/mp4',
  m4a: 'audio/mp4',
  mp3: 'audio/mpeg',
  jpg: 'image/jpeg',
};

/** An owner id as one safe path segment. */
export function ownerSegment(ownerId: string): string {
  const safe = ownerId.replace(/[^\w-]/g, '_');
  return safe.length > 0 ? safe : '_';
}

export function outputKey(
  job: { id: string; ownerId: string; operation: VideoOperation; createdAt: Date },
  extension: OutputExtension,
): string {
  const date = job.createdAt.toISOString().slice(0, 10);
  const shortId = job.id.replace(/-/g, '').slice(0, 8);
  return `videos/${ownerSegment(job.ownerId)}/${date}_${job.operation}_${shortId}.${extension}`;
}

/** The poster of a catalogued file (media.analyze): one per file, so re-analysing replaces it in place. */
export function posterKey(file: { id: string; ownerId: string }): string {
  return `thumbnails/${ownerSegment(file.ownerId)}/${file.id}.poster.jpg`;
}
