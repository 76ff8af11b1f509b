// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { HubFile } from '../../api/types.ts';
import {
  fileKind,
  filtersFromSearch,
  searchFromFilters,
  toFileQuery,
  withinDates,
  EMPTY_FILTERS,
} from './libraryQuery.ts';

const file = (id: string, takenAt?: string, createdAt = '2024-06-01T12:00:00Z'): HubFile => ({
  id,
  name: `${id}.jpg`,
  mime: 'image/jpeg',
  size: 1,
  createdAt,
  ...(takenAt ? { source: { takenAt } } : {}),
});

describe('library query', () => {
  it('reads filters from the address and ignores bad values', () => {
    expect(
      filtersFromSearch(new URLSearchParams('q=sunset&type=video&username=@nasa&from=2024-01-01&to=junk')),
    ).toEqual({
      q: 'sunset',
      type: 'video',
      username: 'nasa',
      platform: '',
      from: '2024-01-01',
      to: '',
    });
    expect(filtersFromSearch(new URLSearchParams('type=exe')).type).toBe('');
  });

  it('reads the platform from the address, lower-cased, and drops one the hub would refuse', () => {
    expect(filtersFromSearch(new URLSearchParams('platform=Generic')).platform).toBe('generic');
    expect(filtersFromSearch(new URLSearchParams('platform=peertube')).platform).toBe('peertube');
    expect(filtersFromSearch(new URLSearchParams('platform=a%20b')).platform).toBe('');
    expect(filtersFromSearch(new URLSearchParams(`platform=${'x'.repeat(41)}`)).platform).toBe('');
    expect(searchFromFilters({ ...EMPTY_FILTERS, platform: 'generic', type: 'video' })).toBe(
      '?type=video&platform=generic',
    );
    expect(toFileQuery({ ...EMPTY_FILTERS, platform: 'generic' }, undefined, 40)).toEqual({
      limit: 40,
      platform: 'generic',
    });
    expect(toFileQuery(EMPTY_FILTERS, undefined, 40)).toEqual({ limit: 40 });
  });

  it('writes only the filters that are set', () => {
    expect(searchFromFilters({ ...EMPTY_FILTERS, q: 'a b', type: 'image' })).toBe('?q=a+b&type=image');
    expect(searchFromFilters(EMPTY_FILTERS)).toBe('');
  });

  it('maps filters and cursor onto GET /api/files parameters', () => {
    expect(
      toFileQuery({ ...EMPTY_FILTERS, q: ' moon ', type: 'image', username: '@nasa', from: '2024-01-01' }, 'c2', 40),
    ).toEqual({
      limit: 40,
      q: 'moon',
      type: 'image',
      username: 'nasa',
      from: '2024-01-01',
      cursor: 'c2',
    });
  });

  it('keeps files taken within the chosen days (post date, else stored date)', () => {
    const files = [
      file('old', '2023-12-31T10:00:00'),
      file('in', '2024-01-15T10:00:00'),
      file('stored', undefined, '2024-01-31T23:00:00'),
      file('late', '2024-02-01T00:00:01'),
    ];
    expect(withinDates(files, '2024-01-01', '2024-01-31').map((f) => f.id)).toEqual(['in', 'stored']);
    expect(withinDates(files, '', '').map((f) => f.id)).toHaveLength(4);
  });

  it('knows the kind of a file from its MIME type', () => {
    expect(fileKind('video/mp4')).toBe('video');
    expect(fileKind('image/webp')).toBe('image');
    expect(fileKind('audio/mpeg')).toBe('audio');
    expect(fileKind('application/zip')).toBe('other');
  });
});
