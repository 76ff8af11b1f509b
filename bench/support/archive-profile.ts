/** The profile the archive race downloads, and the latency the fake serves it with (bench/profile-archive.ts). */
import type { FakePostSpec } from '../../tests/fakes/instagram/builder.js';

export const ARCHIVE_POSTS = 300;
/** Every fifth post is a 3-photo carousel: 240 single photos + 60 × 3 = 420 files. */
export const ARCHIVE_FILES = 420;
export const API_LATENCY_MS = Number(process.env.BENCH_API_LATENCY_MS ?? 100);
export const MEDIA_LATENCY_MS = Number(process.env.BENCH_MEDIA_LATENCY_MS ?? 20);
export const ARCHIVE_USERNAME = 'archive_user';
const PHOTO_BYTES = 150_000;

export function archivePosts(): FakePostSpec[] {
  const photo = { kind: 'photo' as const, syntheticBytes: PHOTO_BYTES };
  return Array.from({ length: ARCHIVE_POSTS }, (_, i) =>
    i % 5 === 4 ? { kind: 'carousel' as const, children: [photo, photo, photo] } : photo,
  );
}
