/**
 * The hand-written sniffer the hub used before file-type (services/file-service/src/domain/media-sniffer.ts at
 * b7fab29^), kept here only as the bench's "before" for that library swap. Not used by the hub.
 */
export type MediaType = 'image' | 'video' | 'audio';

export interface SniffedMedia {
  kind: 'media';
  mime: string;
  type: MediaType;
  /** The usual extension, without a dot. */
  extension: string;
}

export interface RefusedContent {
  kind: 'refused';
  /** What was detected, for the error message ("ELF executable", "unknown"). */
  detected: string;
}

export type SniffResult = SniffedMedia | RefusedContent;

/** Bytes the sniffer looks at; pass at least this many (or the whole file when shorter). */
export const SNIFF_BYTES = 4096;

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  if (bytes.length < start + length) return '';
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function media(mime: string, type: MediaType, extension: string): SniffedMedia {
  return { kind: 'media', mime, type, extension };
}

const EXECUTABLES: readonly { signature: readonly number[]; detected: string }[] = [
  { signature: [0x7f, 0x45, 0x4c, 0x46], detected: 'ELF executable (application/x-elf)' },
  { signature: [0x4d, 0x5a], detected: 'Windows PE/DOS executable (application/vnd.microsoft.portable-executable)' },
  { signature: [0xfe, 0xed, 0xfa, 0xce], detected: 'Mach-O executable (application/x-mach-binary)' },
  { signature: [0xfe, 0xed, 0xfa, 0xcf], detected: 'Mach-O executable (application/x-mach-binary)' },
  { signature: [0xce, 0xfa, 0xed, 0xfe], detected: 'Mach-O executable (application/x-mach-binary)' },
  { signature: [0xcf, 0xfa, 0xed, 0xfe], detected: 'Mach-O executable (application/x-mach-binary)' },
  {
    signature: [0xca, 0xfe, 0xba, 0xbe],
    detected: 'Mach-O universal binary or Java class (application/x-mach-binary)',
  },
  { signature: [0x23, 0x21], detected: 'script with a #! interpreter line (text/x-shellscript)' },
];

/** ISO base media (MP4 family): the brand of the `ftyp` box decides between video, audio and QuickTime. */
function sniffIsoMedia(bytes: Uint8Array): SniffResult | undefined {
  if (ascii(bytes, 4, 4) !== 'ftyp') return undefined;
  const brand = ascii(bytes, 8, 4);
  if (brand === 'qt  ') return media('video/quicktime', 'video', 'mov');
  if (brand === 'M4A ' || brand === 'M4B ' || brand === 'M4P ') return media('audio/mp4', 'audio', 'm4a');
  if (['heic', 'heix', 'mif1', 'msf1', 'avif', 'avis'].includes(brand))
    return { kind: 'refused', detected: `HEIF/AVIF image (brand "${brand.trim()}")` };
  return media('video/mp4', 'video', 'mp4');
}

/** Matroska and WebM share the EBML header; its DocType says which. */
function sniffMatroska(bytes: Uint8Array): SniffResult | undefined {
  if (!startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return undefined;
  const header = ascii(bytes, 0, Math.min(bytes.length, 64));
  if (header.includes('webm')) return media('video/webm', 'video', 'webm');
  if (header.includes('matroska')) return media('video/x-matroska', 'video', 'mkv');
  return { kind: 'refused', detected: 'EBML document of unknown type' };
}

/** MPEG audio layer III frame header: 11 sync bits, a valid version, layer III, a valid bitrate index. */
function isMp3Frame(bytes: Uint8Array): boolean {
  const [first, second, third] = [bytes[0], bytes[1], bytes[2]];
  if (first !== 0xff || second === undefined || third === undefined) return false;
  const sync = (second & 0xe0) === 0xe0;
  const version = (second >> 3) & 0x03;
  const layer = (second >> 1) & 0x03;
  const bitrate = third >> 4;
  return sync && version !== 0x01 && layer === 0x01 && bitrate !== 0x0f && bitrate !== 0x00;
}

export function sniffMedia(bytes: Uint8Array): SniffResult {
  if (bytes.length === 0) return { kind: 'refused', detected: 'empty file' };
  for (const executable of EXECUTABLES) {
    if (startsWith(bytes, executable.signature)) return { kind: 'refused', detected: executable.detected };
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return media('image/jpeg', 'image', 'jpg');
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return media('image/png', 'image', 'png');
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return media('image/gif', 'image', 'gif');
  if (ascii(bytes, 0, 4) === 'RIFF') {
    const form = ascii(bytes, 8, 4);
    if (form === 'WEBP') return media('image/webp', 'image', 'webp');
    if (form === 'WAVE') return media('audio/wav', 'audio', 'wav');
    return { kind: 'refused', detected: `RIFF container of unknown form "${form}"` };
  }
  const iso = sniffIsoMedia(bytes);
  if (iso) return iso;
  const matroska = sniffMatroska(bytes);
  if (matroska) return matroska;
  if (ascii(bytes, 0, 3) === 'ID3' || isMp3Frame(bytes)) return media('audio/mpeg', 'audio', 'mp3');
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]))
    return { kind: 'refused', detected: 'ZIP archive (application/zip)' };
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46]))
    return { kind: 'refused', detected: 'PDF document (application/pdf)' };
  return { kind: 'refused', detected: 'unknown (no known media signature)' };
}
