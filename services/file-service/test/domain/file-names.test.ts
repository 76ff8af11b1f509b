import { describe, expect, it } from 'vitest';
import {
  contentDisposition,
  safeFileName,
  uniqueEntryNames,
  uploadStorageKey,
  withDetectedExtension,
} from '../../src/domain/file-names.js';

describe('safeFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\win.ini', 'win.ini'],
    ['/abs/path/photo.jpg', 'photo.jpg'],
    ['a\u0000b.jpg', 'a_b.jpg'],
    ['line\r\nbreak.jpg', 'line__break.jpg'],
    ['..', 'file'],
    ['...', 'file'],
    ['.hidden.jpg', 'hidden.jpg'],
    ['', 'file'],
    ['evil\u202egpj.exe', 'evil_gpj.exe'],
    ['what?*<>|:".jpg', 'what_______.jpg'],
    ['Cafe\u0301.jpg', 'Café.jpg'],
  ])('%j → %j', (raw, safe) => {
    expect(safeFileName(raw)).toBe(safe);
  });

  it('keeps at most 120 bytes of UTF-8 with the extension, never splitting a character', () => {
    const name = safeFileName(`${'é'.repeat(200)}.jpeg`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(120);
    expect(name.endsWith('é.jpeg')).toBe(true);
  });
});

describe('names derived from it', () => {
  it('replaces an extension that does not fit the detected type', () => {
    expect(withDetectedExtension('x.bin', 'image/jpeg', 'jpg')).toBe('x.jpg');
    expect(withDetectedExtension('photo.JPEG', 'image/jpeg', 'jpg')).toBe('photo.JPEG');
    expect(withDetectedExtension('noext', 'video/mp4', 'mp4')).toBe('noext.mp4');
  });

  it('builds upload keys under the owner and the day', () => {
    expect(uploadStorageKey('u-1', new Date('2024-02-03T23:00:00Z'), 'a.jpg')).toBe('uploads/u-1/2024-02-03_a.jpg');
    expect(uploadStorageKey('../x', new Date('2024-02-03T00:00:00Z'), 'a.jpg')).toBe('uploads/___x/2024-02-03_a.jpg');
  });

  it('makes archive entry names unique, case-insensitively', () => {
    expect(uniqueEntryNames(['a.jpg', 'A.jpg', 'a.jpg', '../a.jpg', 'b'])).toEqual([
      'a.jpg',
      'A (1).jpg',
      'a (2).jpg',
      'a (3).jpg',
      'b',
    ]);
  });
});

describe('contentDisposition', () => {
  it('keeps plain ASCII names as they are', () => {
    expect(contentDisposition('attachment', 'photo 1.jpg')).toBe('attachment; filename="photo 1.jpg"');
  });

  it('adds an RFC 5987 name for non-ASCII and neutralises quotes, backslashes and line breaks', () => {
    const header = contentDisposition('attachment', 'naïve "x"\r\nSet-Cookie: a=b.jpg');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toMatch(/^attachment; filename="[^"\\]+"; filename\*=UTF-8''[A-Za-z0-9%._~!$&+^`|-]+$/);
    expect(decodeURIComponent(header.split("UTF-8''")[1] ?? '')).toBe('naïve _x___Set-Cookie_ a=b.jpg');
    expect(contentDisposition('inline', 'dir\\sub\\a.jpg')).toBe('inline; filename="a.jpg"');
  });
});
