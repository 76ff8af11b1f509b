// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { buildDownloadRequest, usesInstagramSession } from './downloadRequest.ts';

const base = { include: ['posts' as const, 'reels' as const], limit: '', sessionId: '' };

describe('buildDownloadRequest', () => {
  it('sends a profile with its includes, limit and session', () => {
    expect(buildDownloadRequest({ ...base, url: '@nasa', limit: '20', sessionId: 's1' })).toEqual({
      ok: true,
      kind: 'profile',
      request: { url: 'https://www.instagram.com/nasa/', include: ['posts', 'reels'], limit: 20, sessionId: 's1' },
    });
  });

  it('leaves a chosen Instagram session out of a download of another site or a direct file', () => {
    expect(buildDownloadRequest({ ...base, url: 'https://videos.example.org/watch/1', sessionId: 's1' })).toEqual({
      ok: true,
      kind: 'site',
      request: { url: 'https://videos.example.org/watch/1' },
    });
    expect(buildDownloadRequest({ ...base, url: 'https://cdn.example.org/a.mp4', sessionId: 's1' })).toEqual({
      ok: true,
      kind: 'direct',
      request: { url: 'https://cdn.example.org/a.mp4' },
    });
    expect(usesInstagramSession('post')).toBe(true);
    expect(usesInstagramSession(null)).toBe(true);
    expect(usesInstagramSession('site')).toBe(false);
  });

  it('asks for a full rescan of a profile only when checked', () => {
    expect(buildDownloadRequest({ ...base, url: '@nasa', full: true })).toMatchObject({
      ok: true,
      request: { url: 'https://www.instagram.com/nasa/', full: true },
    });
    const plain = buildDownloadRequest({ ...base, url: '@nasa' });
    expect(plain.ok && 'full' in plain.request).toBe(false);
  });

  it('sends only the URL for a post (includes apply to profiles)', () => {
    expect(buildDownloadRequest({ ...base, url: 'https://www.instagram.com/p/ABC/' })).toEqual({
      ok: true,
      kind: 'post',
      request: { url: 'https://www.instagram.com/p/ABC/' },
    });
  });

  it('names the field that is wrong', () => {
    expect(buildDownloadRequest({ ...base, url: 'ftp://x.y/z' })).toMatchObject({ ok: false, field: 'url' });
    expect(buildDownloadRequest({ ...base, url: '@nasa', include: [] })).toEqual({
      ok: false,
      field: 'include',
      error: 'Choose at least one kind of content to include.',
    });
    expect(buildDownloadRequest({ ...base, url: '@nasa', limit: '0' })).toMatchObject({ ok: false, field: 'limit' });
    expect(buildDownloadRequest({ ...base, url: '@nasa', limit: '2.5' })).toMatchObject({ ok: false, field: 'limit' });
  });
});
