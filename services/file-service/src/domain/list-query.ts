/**
 * The catalog listing as SQL: filters, full-text search and keyset (cursor) pagination. Pure builder; the
 * catalog adapter runs the statement. A cursor names the sort it belongs to and the last row's sort key and
 * id, so pages stay stable while files are added: each row is returned exactly once.
 */
import { decodeCursor, encodeCursor } from '@smh/shared/contracts/common';
import { type SelectQueryBuilder, sql } from '@smh/shared/db/typed';
import type { FileTables } from '../adapters/tables.js';

export const SORTS = {
  newest: { column: 'dated_at', direction: 'DESC', cast: 'timestamptz' },
  oldest: { column: 'dated_at', direction: 'ASC', cast: 'timestamptz' },
  /** When the file arrived in the library, newest first. */
  stored: { column: 'created_at', direction: 'DESC', cast: 'timestamptz' },
  name: { column: 'name', direction: 'ASC', cast: 'text' },
  size: { column: 'size', direction: 'DESC', cast: 'bigint' },
} as const;
export type SortName = keyof typeof SORTS;
export const SORT_NAMES = Object.keys(SORTS) as [SortName, ...SortName[]];

export interface ListFilters {
  /** null: every owner (admins). */
  ownerId: string | null;
  q?: string;
  type?: 'image' | 'video' | 'audio' | 'other';
  username?: string;
  /** The source platform ("instagram", "direct", or yt-dlp's extractor such as "youtube"), case-insensitive. */
  platform?: string;
  /** Only these file ids (e.g. the files of one download). */
  ids?: string[] | undefined;
  /** Inclusive lower bound of the file's date (publication date, else arrival). */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
  sort: SortName;
  limit: number;
  cursor?: ListCursor;
}

export interface ListCursor {
  sort: SortName;
  value: string | number;
  id: string;
}

export class InvalidListQuery extends Error {
  override name = 'InvalidListQuery';
}

/** A prefix query for `to_tsquery('simple', …)`: every word must match the start of an indexed word. */
export function searchQuery(q: string): string | undefined {
  const words =
    q
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return undefined;
  return words
    .slice(0, 16)
    .map((word) => `${word}:*`)
    .join(' & ');
}

/**
 * `from`/`to` accept a day (`2024-05-01`, the whole day in UTC) or an ISO date-time. `to` is inclusive for
 * days (`to=2024-05-01` includes that day) and exact for date-times.
 */
export function parseDateBound(value: string, bound: 'from' | 'to'): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = day ? new Date(`${value}T00:00:00.000Z`) : new Date(value);
  if (Number.isNaN(date.getTime()) || (!day && !/^\d{4}-\d{2}-\d{2}T/.test(value))) {
    throw new InvalidListQuery(`${bound} must be a date (YYYY-MM-DD) or an ISO date-time, got "${value}"`);
  }
  if (day && bound === 'to') date.setUTCDate(date.getUTCDate() + 1);
  return date;
}

export function encodeListCursor(cursor: ListCursor): string {
  return encodeCursor([cursor.sort, cursor.value, cursor.id]);
}

export function decodeListCursor(raw: string | undefined, sort: SortName): ListCursor | undefined {
  if (raw === undefined) return undefined;
  let values: (string | number)[] | undefined;
  try {
    values = decodeCursor(raw);
  } catch {
    values = undefined;
  }
  const [cursorSort, value, id] = values ?? [];
  if (values?.length !== 3 || typeof id !== 'string' || value === undefined || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new InvalidListQuery('cursor is not one this service issued');
  }
  if (cursorSort !== sort) throw new InvalidListQuery(`cursor belongs to sort "${String(cursorSort)}", not "${sort}"`);
  if (!sortKeyFits(sort, value)) throw new InvalidListQuery('cursor is not one this service issued');
  return { sort, value, id };
}

/** Whether a cursor's sort key has the type its column casts to (a bad one would fail in SQL, a 500). */
function sortKeyFits(sort: SortName, value: string | number): boolean {
  const column = SORTS[sort].column;
  if (column === 'dated_at')
    return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
  if (column === 'size') return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
  return typeof value === 'string';
}

/** The sort key of a row, as the cursor stores it. */
export function cursorValue(
  sort: SortName,
  row: { dated_at: Date; created_at: Date; name: string; size: number },
): string | number {
  const column = SORTS[sort].column;
  if (column === 'dated_at') return row.dated_at.toISOString();
  if (column === 'created_at') return row.created_at.toISOString();
  return column === 'name' ? row.name : row.size;
}

/**
 * Adds the filters, the keyset condition, the order and the page size (one row more, to tell whether a next page
 * exists) to a select from `files.files`. Pure: the catalog runs it; every user value is a bound parameter.
 */
export function buildListQuery<Row>(
  query: SelectQueryBuilder<FileTables, 'files.files', Row>,
  filters: ListFilters,
): SelectQueryBuilder<FileTables, 'files.files', Row> {
  const search = filters.q ? searchQuery(filters.q) : undefined;
  const sort = SORTS[filters.sort];
  const direction = sort.direction === 'DESC' ? 'desc' : 'asc';
  let q = query;
  if (filters.ownerId !== null) q = q.where('owner_id', '=', filters.ownerId);
  if (filters.type) q = q.where('type', '=', filters.type);
  if (filters.username)
    q = q.where(sql<boolean>`lower(source_username) = lower(${filters.username.replace(/^@/, '')})`);
  if (filters.platform) q = q.where(sql<boolean>`lower(source_platform) = lower(${filters.platform})`);
  if (filters.ids) q = q.where(sql<boolean>`id = ANY(${filters.ids}::uuid[])`);
  if (filters.from) q = q.where('dated_at', '>=', filters.from);
  if (filters.to) q = q.where('dated_at', '<', filters.to);
  if (search) q = q.where(sql<boolean>`search @@ to_tsquery('simple', ${search})`);
  if (filters.cursor) {
    const comparison = sql.raw(direction === 'desc' ? '<' : '>');
    const { value, id } = filters.cursor;
    q = q.where(
      sql<boolean>`(${sql.ref(sort.column)}, id) ${comparison} (${value}::${sql.raw(sort.cast)}, ${id}::uuid)`,
    );
  }
  return q
    .orderBy(sort.column, direction)
    .orderBy('id', direction)
    .limit(filters.limit + 1);
}
