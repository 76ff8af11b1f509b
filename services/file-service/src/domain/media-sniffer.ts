/**
 * Recognises a file's type from its first bytes: the hub's one sniffer lives in the shared library (uploads,
 * direct downloads and ffmpeg inputs are typed the same way).
 */
export {
  ACCEPTED_EXTENSIONS,
  SNIFF_BYTES,
  sniffMedia,
  type MediaType,
  type RefusedContent,
  type SniffedMedia,
  type SniffResult,
} from '@smh/shared/media/sniff';

/** Maps a registered file's MIME type to the catalog's coarse type. */
export function typeFromMime(mime: string): 'image' | 'video' | 'audio' | 'other' {
  const major = mime.split('/')[0]?.toLowerCase();
  return major === 'image' || major === 'video' || major === 'audio' ? major : 'other';
}
