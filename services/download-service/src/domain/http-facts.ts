/** Pure readers of the HTTP facts a transfer relies on: Content-Range, lengths, media types. */

export interface ContentRange {
  start: number;
  end: number;
  /** undefined when the server wrote "*" for the complete length. */
  total: number | undefined;
}

/** Parses `bytes <start>-<end>/<total|*>`; undefined when the header is missing or malformed. */
export function parseContentRange(header: string | undefined | null): ContentRange | undefined {
  const match = header?.trim().match(/^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i);
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = Number(match[2]);
  const total = match[3] === '*' ? undefined : Number(match[3]);
  if (end < start || (total !== undefined && end >= total)) return undefined;
  return { start, end, total };
}

// The complete length from a 416 answer: "bytes */<total>".
export function unsatisfiedRangeTotal(header: string | undefined | null): number | undefined {
  const match = header?.trim().match(/^bytes\s+\*\/(\d+)$/i);
  return match ? Number(match[1]) : undefined;
}

export function parseLength(header: string | undefined | null): number | undefined {
  if (header === undefined || header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/avif': 'avif',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'video/quicktime': 'mov',
  'video/x-matroska': 'mkv',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/ogg': 'ogg',
  'audio/wav': 'wav',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/json': 'json',
  'text/plain': 'txt',
};
const MIMES: Record<string, string> = Object.fromEntries(Object.entries(EXTENSIONS).map(([mime, ext]) => [ext, mime]));
MIMES['jpeg'] = 'image/jpeg';

export function baseMime(contentType: string | undefined | null): string | undefined {
  const mime = contentType?.split(';')[0]?.trim().toLowerCase();
  return mime ? mime : undefined;
}

export function extensionForMime(mime: string | undefined): string | undefined {
  return mime ? EXTENSIONS[mime] : undefined;
}

export function mimeForExtension(ext: string | undefined): string | undefined {
  return ext ? MIMES[ext.toLowerCase()] : undefined;
}

/** Extension of a URL path (`…/a_b_n.jpg?x` → "jpg"). */
export function extensionOfUrl(url: string): string | undefined {
  try {
    const match = new URL(url).pathname.match(/\.([A-Za-z0-9]{1,5})$/);
    return match?.[1]?.toLowerCase();
  } catch {
    return undefined;
  }
}

export type FileCategory = 'image' | 'video' | 'other';

export function categoryOfMime(mime: string): FileCategory {
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  return 'other';
}
