import type { FileQuery, FileType, HubFile } from '../../api/types.ts';

export interface LibraryFilters {
  q: string;
  type: FileType | '';
  username: string;
  /** The source platform: instagram, direct, or a yt-dlp extractor such as generic (lower-case); '' for all. */
  platform: string;
  /** yyyy-mm-dd, inclusive */
  from: string;
  /** yyyy-mm-dd, inclusive */
  to: string;
  /** Only the files of this download ("View N files" on a download). */
  download?: string;
  /** Unset: by date posted (newest first); "stored": by arrival in the library. */
  sort?: 'stored';
}

export const EMPTY_FILTERS: LibraryFilters = { q: '', type: '', username: '', platform: '', from: '', to: '' };
const FILE_TYPES: readonly FileType[] = ['image', 'video', 'audio'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** What the hub accepts as ?platform= (anything else would only earn a 400). */
const PLATFORM = /^[a-z0-9]{1,40}$/;

/** Filters live in the address (?q=&type=&username=&platform=&from=&to=) so a filtered view can be linked. */
export function filtersFromSearch(search: URLSearchParams): LibraryFilters {
  const type = search.get('type') ?? '';
  const platform = (search.get('platform') ?? '').toLowerCase();
  const date = (key: string) => {
    const value = search.get(key) ?? '';
    return DATE.test(value) ? value : '';
  };
  return {
    q: search.get('q') ?? '',
    type: (FILE_TYPES as readonly string[]).includes(type) ? (type as FileType) : '',
    username: (search.get('username') ?? '').replace(/^@/, ''),
    platform: PLATFORM.test(platform) ? platform : '',
    from: date('from'),
    to: date('to'),
    ...(search.get('download') ? { download: search.get('download') ?? '' } : {}),
    ...(search.get('sort') === 'stored' ? { sort: 'stored' as const } : {}),
  };
}

export function searchFromFilters(filters: LibraryFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function toFileQuery(filters: LibraryFilters, cursor: string | undefined, limit: number): FileQuery {
  const query: FileQuery = { limit };
  if (filters.q.trim()) query.q = filters.q.trim();
  if (filters.type) query.type = filters.type;
  if (filters.username.trim()) query.username = filters.username.trim().replace(/^@/, '');
  if (filters.platform) query.platform = filters.platform;
  if (filters.from) query.from = filters.from;
  if (filters.to) query.to = filters.to;
  if (filters.sort) query.sort = filters.sort;
  if (cursor) query.cursor = cursor;
  return query;
}

/** The day a file is grouped under: when it was posted, or when it was stored when sorting by that. */
export function groupDate(file: HubFile, sort: LibraryFilters['sort']): Date {
  return sort === 'stored' ? new Date(file.createdAt) : fileDate(file);
}

/** When the post was taken, else when the file was stored. */
export function fileDate(file: HubFile): Date {
  return new Date(file.source?.takenAt ?? file.createdAt);
}

/** Keeps files inside [from, to] (whole days, local time); the hub may not filter by date itself. */
export function withinDates(files: HubFile[], from: string, to: string): HubFile[] {
  const start = from ? new Date(`${from}T00:00:00`).getTime() : -Infinity;
  const end = to ? new Date(`${to}T23:59:59.999`).getTime() : Infinity;
  return files.filter((file) => {
    const time = fileDate(file).getTime();
    return Number.isNaN(time) || (time >= start && time <= end);
  });
}

export function fileKind(mime: string): FileType | 'other' {
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'other';
}
