/**
 * What a file is, from its bytes (magic numbers, via the `file-type` package), never from its name or a claimed
 * Content-Type. One answer for every way media enters the hub: uploads, direct downloads, and the inputs ffmpeg
 * opens. Only the formats the library accepts count as media; everything else is refused, named when known.
 */
import { open } from 'node:fs/promises';
import { fileTypeFromBuffer } from 'file-type';

export type MediaType = 'image' | 'video' | 'audio';

/** The ffmpeg demuxer a sniffed file is opened with (`-f`), never left to ffmpeg's own probing. */
export type InputFormat = 'mov' | 'matroska' | 'mp3' | 'wav' | 'gif' | 'image2';

export interface SniffedMedia {
  kind: 'media';
  mime: string;
  type: MediaType;
  /** The usual extension, without a dot. */
  extension: string;
  format: InputFormat;
}

export interface RefusedContent {
  kind: 'refused';
  /** What was detected, for the error message ("application/x-elf", "unknown"). */
  detected: string;
}

export type SniffResult = SniffedMedia | RefusedContent;

/** Bytes the sniffer looks at; pass at least this many (or the whole file when shorter). */
export const SNIFF_BYTES = 4100;

/** file-type's extension → what the library stores. Anything missing here is not media for the hub. */
const ACCEPTED: Readonly<Record<string, Omit<SniffedMedia, 'kind'>>> = {
  jpg: { mime: 'image/jpeg', type: 'image', extension: 'jpg', format: 'image2' },
  png: { mime: 'image/png', type: 'image', extension: 'png', format: 'image2' },
  webp: { mime: 'image/webp', type: 'image', extension: 'webp', format: 'image2' },
  gif: { mime: 'image/gif', type: 'image', extension: 'gif', format: 'gif' },
  wav: { mime: 'audio/wav', type: 'audio', extension: 'wav', format: 'wav' },
  mp3: { mime: 'audio/mpeg', type: 'audio', extension: 'mp3', format: 'mp3' },
  m4a: { mime: 'audio/mp4', type: 'audio', extension: 'm4a', format: 'mov' },
  mp4: { mime: 'video/mp4', type: 'video', extension: 'mp4', format: 'mov' },
  m4v: { mime: 'video/mp4', type: 'video', extension: 'mp4', format: 'mov' },
  mov: { mime: 'video/quicktime', type: 'video', extension: 'mov', format: 'mov' },
  webm: { mime: 'video/webm', type: 'video', extension: 'webm', format: 'matroska' },
  mkv: { mime: 'video/x-matroska', type: 'video', extension: 'mkv', format: 'matroska' },
};

/** Friendlier names for what people most often send by mistake (or on purpose). */
const NAMED: Readonly<Record<string, string>> = {
  elf: 'ELF executable',
  exe: 'Windows PE/DOS executable',
  macho: 'Mach-O executable',
  zip: 'ZIP archive',
  pdf: 'PDF document',
  heic: 'HEIF image',
  avif: 'AVIF image',
};

function refusedText(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.subarray(0, 64)).toString('latin1').trimStart();
  if (text.startsWith('#!')) return 'script with a #! interpreter line (text/x-shellscript)';
  if (text.startsWith('#EXTM3U')) return 'HLS playlist (application/vnd.apple.mpegurl)';
  if (/^<(!doctype html|html)/i.test(text)) return 'HTML page (text/html)';
  return 'unknown (no known media signature)';
}

export async function sniffMedia(bytes: Uint8Array): Promise<SniffResult> {
  if (bytes.length === 0) return { kind: 'refused', detected: 'empty file' };
  const found = await fileTypeFromBuffer(bytes);
  // An ID3v2 tag (cover art included) can be longer than the head: only MP3 files start with one.
  if (!found && Buffer.from(bytes.subarray(0, 3)).toString('latin1') === 'ID3')
    return { kind: 'media', ...(ACCEPTED.mp3 as Omit<SniffedMedia, 'kind'>) };
  if (!found) return { kind: 'refused', detected: refusedText(bytes) };
  const accepted = ACCEPTED[found.ext];
  if (!accepted) {
    const name = NAMED[found.ext];
    return { kind: 'refused', detected: name ? `${name} (${found.mime})` : `${found.mime} (.${found.ext})` };
  }
  return { kind: 'media', ...accepted };
}

/** Sniffs the first bytes of a file on disk. */
export async function sniffFile(path: string): Promise<SniffResult> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return await sniffMedia(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** The extensions a sniffed type may keep; anything else is replaced by the canonical one. */
export const ACCEPTED_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  'image/jpeg': ['jpg', 'jpeg', 'jpe'],
  'image/png': ['png'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'audio/wav': ['wav', 'wave'],
  'video/quicktime': ['mov', 'qt'],
  'audio/mp4': ['m4a', 'm4b'],
  'video/mp4': ['mp4', 'm4v'],
  'video/webm': ['webm'],
  'video/x-matroska': ['mkv'],
  'audio/mpeg': ['mp3'],
};
