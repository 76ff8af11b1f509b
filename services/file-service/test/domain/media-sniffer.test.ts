import { describe, expect, it } from 'vitest';
import { sniffMedia, typeFromMime } from '../../src/domain/media-sniffer.js';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));
const ftyp = (brand: string) => bytes([0, 0, 0, 0x20], 'ftyp', brand, [0, 0, 0, 0], 'isomavc1', [0, 0, 0, 8]);
const ebml = (docType: string) =>
  bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84], docType, [0x42, 0x87]);

describe('sniffMedia', () => {
  it.each([
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'), 'image/jpeg', 'jpg'],
    ['png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR'), 'image/png', 'png'],
    ['gif', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif', 'gif'],
    ['webp', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp', 'webp'],
    ['wav', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), 'audio/wav', 'wav'],
    ['mp4', ftyp('isom'), 'video/mp4', 'mp4'],
    ['mov', ftyp('qt  '), 'video/quicktime', 'mov'],
    ['m4a', ftyp('M4A '), 'audio/mp4', 'm4a'],
    ['webm', ebml('webm'), 'video/webm', 'webm'],
    ['mp3 with ID3', bytes('ID3', [4, 0, 0, 0, 0, 0, 0]), 'audio/mpeg', 'mp3'],
    ['mp3 frame', bytes([0xff, 0xfb, 0x90, 0x64, 0]), 'audio/mpeg', 'mp3'],
  ])('recognises %s', async (_name, head, mime, extension) => {
    expect(await sniffMedia(head)).toMatchObject({ kind: 'media', mime, extension });
  });

  it.each([
    ['ELF', bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), /elf/],
    ['PE', bytes('MZ', [0x90, 0, 3, 0]), /msdownload/],
    ['Mach-O', bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), /mach-binary/],
    ['script', bytes('#!/usr/bin/env python\n'), /#!/],
    ['zip', bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0]), /zip/],
    ['pdf', bytes('%PDF-1.7'), /pdf/],
    ['AAC ADTS (not layer III)', bytes([0xff, 0xf1, 0x50, 0x80]), /aac/],
    ['HTML', bytes('<!doctype html><script>'), /HTML/],
    ['HLS playlist', bytes('#EXTM3U\n#EXTINF:10,\n/data/media/other.mp4\n'), /HLS/],
    ['empty', Buffer.alloc(0), /empty/],
    ['HEIC', ftyp('heic'), /heic/],
    ['a RIFF AVI', bytes('RIFF', [0, 0, 0, 0], 'AVI LIST'), /avi/],
  ])('refuses %s, naming it', async (_name, head, detected) => {
    const result = await sniffMedia(head);
    expect(result.kind).toBe('refused');
    expect(result.kind === 'refused' && result.detected).toMatch(detected);
  });

  it('maps MIME types onto catalog types', () => {
    expect(['image/jpeg', 'video/mp4', 'audio/mpeg', 'application/json', 'weird'].map(typeFromMime)).toEqual([
      'image',
      'video',
      'audio',
      'other',
      'other',
    ]);
  });
});
