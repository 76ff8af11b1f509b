import { compileOnly } from '@smh/shared/db/typed';
import { describe, expect, it } from 'vitest';
import type { FileTables } from '../../src/adapters/tables.js';
import {
  buildListQuery,
  decodeListCursor,
  encodeListCursor,
  InvalidListQuery,
  parseDateBound,
  type ListFilters,
  searchQuery,
} from '../../src/domain/list-query.js';

const files = compileOnly<FileTables>();
const compiled = (filters: ListFilters) => {
  const { sql, parameters } = buildListQuery(files.selectFrom('files.files').select('id'), filters).compile();
  return { text: sql, params: parameters };
};

describe('list query', () => {
  it('turns free text into a prefix query of plain words only', () => {
    expect(searchQuery("Sunset  at MALIBU's")).toBe('sunset:* & at:* & malibu:* & s:*');
    expect(searchQuery("x' | !y & (z):*")).toBe('x:* & y:* & z:*');
    expect(searchQuery('!!!')).toBeUndefined();
  });

  it('reads day and date-time bounds, days inclusive', () => {
    expect(parseDateBound('2024-05-01', 'from').toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(parseDateBound('2024-05-01', 'to').toISOString()).toBe('2024-05-02T00:00:00.000Z');
    expect(parseDateBound('2024-05-01T10:00:00+02:00', 'to').toISOString()).toBe('2024-05-01T08:00:00.000Z');
    expect(() => parseDateBound('May 1st', 'from')).toThrow(InvalidListQuery);
    expect(() => parseDateBound('2024-13-45', 'from')).toThrow(/from must be a date/);
  });

  it('round-trips cursors and refuses foreign ones', () => {
    const cursor = { sort: 'size' as const, value: 42, id: '6f1c0c7e-2b1e-4c44-9f7a-1d1f0a3a0b01' };
    expect(decodeListCursor(encodeListCursor(cursor), 'size')).toEqual(cursor);
    expect(() => decodeListCursor(encodeListCursor(cursor), 'name')).toThrow(/belongs to sort "size"/);
    expect(() => decodeListCursor('garbage', 'size')).toThrow(InvalidListQuery);
  });

  it('parameterises every user value and compares the keyset in the sort direction', () => {
    const { text, params } = compiled({
      ownerId: 'u1',
      q: "o'hara",
      username: '@Bob',
      type: 'image',
      sort: 'newest',
      limit: 10,
      cursor: { sort: 'newest', value: '2024-01-01T00:00:00.000Z', id: '6f1c0c7e-2b1e-4c44-9f7a-1d1f0a3a0b01' },
    });
    expect(text).not.toContain("o'hara");
    expect(text).toContain('("dated_at", id) < ($5::timestamptz, $6::uuid)');
    expect(text).toMatch(/order by "dated_at" desc, "id" desc limit \$7$/);
    expect(params).toEqual([
      'u1',
      'image',
      'Bob',
      'o:* & hara:*',
      '2024-01-01T00:00:00.000Z',
      '6f1c0c7e-2b1e-4c44-9f7a-1d1f0a3a0b01',
      11,
    ]);
    const admin = compiled({
      ownerId: null,
      sort: 'name',
      limit: 5,
      cursor: { sort: 'name', value: 'b', id: '6f1c0c7e-2b1e-4c44-9f7a-1d1f0a3a0b01' },
    });
    expect(admin.text).not.toContain('owner_id');
    const byPlatform = compiled({ ownerId: 'u1', platform: "YouTube' OR 1=1", sort: 'name', limit: 5 });
    expect(byPlatform.text).toContain('lower(source_platform) = lower($2)');
    expect(byPlatform.params).toEqual(['u1', "YouTube' OR 1=1", 6]);
    expect(admin.text).toContain('("name", id) > ($1::text, $2::uuid)');
  });
});
