import { describe, expect, it } from 'vitest';
import { downloadOutcomeLine, downloadSubject } from '../../src/domain/outcome-line.js';

describe('download outcome line', () => {
  it('names what was downloaded', () => {
    expect(downloadSubject('https://www.instagram.com/natgeo/')).toBe('@natgeo');
    expect(downloadSubject('@natgeo')).toBe('@natgeo');
    expect(downloadSubject('https://www.instagram.com/p/C0de/')).toBe('post C0de');
    expect(downloadSubject('https://www.instagram.com/reel/R1/')).toBe('reel R1');
    expect(downloadSubject('https://www.instagram.com/stories/natgeo/')).toBe('stories of @natgeo');
    expect(downloadSubject('https://cdn.example.org/a/b.mp4?sig=secret')).toBe('cdn.example.org/a/b.mp4');
  });

  it('says completed with files and bytes, failed with a short reason, canceled', () => {
    const progress = { filesDone: 12, filesTotal: 12, bytesDone: 3_456_000, bytesTotal: 3_456_000 };
    expect(downloadOutcomeLine({ url: '@x' }, { status: 'completed', progress })).toBe(
      'download completed: @x, 12 files (3.5 MB)',
    );
    expect(
      downloadOutcomeLine(
        { url: '@x' },
        { status: 'completed', progress: { ...progress, filesDone: 1, bytesDone: 10 } },
      ),
    ).toBe('download completed: @x, 1 file (10 B)');
    const failed = (code: string, message = 'Whatever.') =>
      downloadOutcomeLine(
        { url: 'https://www.instagram.com/x/' },
        { status: 'failed', error: { code, message, retryable: false } },
      );
    expect(failed('PRIVATE_PROFILE')).toBe('download failed: private profile @x');
    expect(failed('NOT_FOUND')).toBe('download failed: not found: @x');
    expect(failed('ITEM_FAILED', 'The CDN answered 403.')).toBe('download failed: @x: The CDN answered 403');
    expect(downloadOutcomeLine({ url: '@x' }, { status: 'canceled' })).toBe('download canceled: @x');
  });
});
