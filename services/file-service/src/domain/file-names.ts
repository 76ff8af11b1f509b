/**
 * Turning names chosen by users (upload names, catalog names) into names that are safe as a storage key
 * segment, a ZIP entry and a Content-Disposition filename. Pure.
 */
import { ACCEPTED_EXTENSIONS } from './media-sniffer.js';

const MAX_NAME_BYTES = 120;
// Control characters, characters Windows/ZIP tools refuse, and bidi/format overrides that disguise extensions.
const UNSAFE_CHARACTERS = /[\p{Cc}<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;

function truncateUtf8(text: string, maxBytes: number): string {
  let result = '';
  let bytes = 0;
  for (const character of text) {
    const size = Buffer.byteLength(character);
    if (bytes + size > maxBytes) break;
    result += character;
    bytes += size;
  }
  return result;
}

function splitExtension(name: string): { base: string; extension: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return { base: name, extension: '' };
  return { base: name.slice(0, dot), extension: name.slice(dot + 1) };
}

/**
 * A single, harmless path segment: the last component of whatever path was sent (both / and \ count),
 * NFC-normalised, without control/reserved characters or leading dots, at most 120 UTF-8 bytes with the
 * extension kept. Never empty, never "." or "..".
 */
export function safeFileName(raw: string, fallback = 'file'): string {
  const lastSegment = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = lastSegment
    .replace(UNSAFE_CHARACTERS, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (name === '' || /^_+$/.test(name)) name = fallback;
  const { base, extension } = splitExtension(name);
  const suffix = extension ? `.${truncateUtf8(extension, 16)}` : '';
  return truncateUtf8(base, MAX_NAME_BYTES - Buffer.byteLength(suffix)) + suffix || fallback;
}

/** Keeps the name's extension when it fits the detected type, else replaces it: `x.bin` sniffed as JPEG → `x.jpg`. */
export function withDetectedExtension(name: string, mime: string, extension: string): string {
  const { base, extension: current } = splitExtension(name);
  const accepted = ACCEPTED_EXTENSIONS[mime] ?? [extension];
  if (accepted.includes(current.toLowerCase())) return name;
  return `${current ? base : name}.${extension}`;
}

/** Storage key of an upload: `uploads/<owner>/<YYYY-MM-DD>_<safe name>`. */
export function uploadStorageKey(ownerId: string, uploadedAt: Date, safeName: string): string {
  const owner = ownerId.replace(/[^\w-]/g, '_').slice(0, 64) || 'unknown';
  const day = uploadedAt.toISOString().slice(0, 10);
  return `uploads/${owner}/${day}_${safeName}`;
}

/** Distinct names for the entries of one archive: `a.jpg`, `a (1).jpg`, … compared case-insensitively. */
export function uniqueEntryNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((raw) => {
    const name = safeFileName(raw);
    const { base, extension } = splitExtension(name);
    let candidate = name;
    for (let n = 1; taken.has(candidate.toLowerCase()); n += 1)
      candidate = `${base} (${n})${extension ? `.${extension}` : ''}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}

/**
 * `Content-Disposition` for a file: an ASCII fallback `filename="…"` (no quotes, backslashes, CR/LF or
 * non-ASCII) and, when the name is not plain ASCII, the exact name as RFC 5987 `filename*=UTF-8''…`.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const safe = safeFileName(name);
  const fallback = safe.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  const header = `${kind}; filename="${fallback}"`;
  if (fallback === safe) return header;
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${header}; filename*=UTF-8''${encoded}`;
}
