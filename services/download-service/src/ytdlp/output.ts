/** What yt-dlp prints, as data: progress lines, info JSON (single item or collection), known error messages. Pure. */
import { INFO_PREFIX, PROGRESS_PREFIX } from './args.js';

export interface SiteMedia {
  /** The extractor's own id of the item (unique within `platform`). */
  id: string;
  /** Lower-case extractor name ("youtube", "vimeo", "generic"...). */
  platform: string;
  title: string | null;
  uploader: string | null;
  /** ISO date-time of the upload, when known. */
  uploadedAt: string | null;
  description: string | null;
  /** The page the item lives on. */
  pageUrl: string;
  thumbnail: string | null;
  durationSec: number | null;
  width: number | null;
  height: number | null;
  ext: string | null;
}

export interface SiteEntry {
  /** What to hand yt-dlp to download this entry. */
  url: string;
  /** The extractor that will resolve the entry (its `ie_key`, else the collection's). */
  platform: string;
  id: string | null;
  title: string | null;
}

export type ProbeResult =
  /** `direct`: the URL itself is a media file (yt-dlp's generic extractor found no page around it). */
  | { type: 'single'; media: SiteMedia; direct: boolean }
  | { type: 'collection'; platform: string; id: string | null; title: string | null; entries: SiteEntry[] };

export interface ProgressLine {
  status: string;
  downloadedBytes: number;
  totalBytes: number | null;
}

type Json = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const positive = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;

/** "20240131" (+ optional timestamp) → ISO; the timestamp wins when both are there. */
function uploadedAt(info: Json): string | null {
  const timestamp = positive(info.timestamp) ?? positive(info.release_timestamp);
  if (timestamp !== null) return new Date(timestamp * 1000).toISOString();
  const date = text(info.upload_date) ?? text(info.release_date);
  const match = date?.match(/^(\d{4})(\d{2})(\d{2})$/);
  return match ? `${match[1]}-${match[2]}-${match[3]}T00:00:00.000Z` : null;
}

export function platformOf(info: Json): string {
  const name = text(info.extractor_key) ?? text(info.extractor) ?? text(info.ie_key) ?? 'generic';
  const lower = name.toLowerCase().replace(/[^a-z0-9]+/g, '');
  // The generic extractor and its helpers (HTML5 media embeds) are all "generic" to a user.
  return lower === 'html5mediaembed' || lower === '' ? 'generic' : lower;
}

/** A page URL without the data yt-dlp smuggles into a fragment of a collection's entries (not part of the page). */
export function withoutSmuggledData(url: string): string {
  const at = url.indexOf('#__youtubedl_smuggle=');
  return at === -1 ? url : url.slice(0, at);
}

export function mediaOfInfo(info: Json): SiteMedia {
  const id = text(info.id) ?? text(info.display_id);
  const rawPageUrl = text(info.webpage_url) ?? text(info.original_url) ?? text(info.url);
  const pageUrl = rawPageUrl === null ? null : withoutSmuggledData(rawPageUrl);
  if (id === null || pageUrl === null) throw new Error('yt-dlp info has no id or page URL');
  return {
    id,
    platform: platformOf(info),
    title: text(info.title),
    uploader: text(info.uploader) ?? text(info.channel) ?? text(info.uploader_id),
    uploadedAt: uploadedAt(info),
    description: text(info.description),
    pageUrl,
    thumbnail: text(info.thumbnail),
    durationSec: positive(info.duration),
    width: positive(info.width),
    height: positive(info.height),
    ext: text(info.ext),
  };
}

export function parseProbe(stdout: string): ProbeResult {
  const info = JSON.parse(stdout) as Json | null;
  if (info === null || typeof info !== 'object') throw new Error('yt-dlp printed no info JSON');
  if (info._type !== 'playlist' && info._type !== 'multi_video')
    return { type: 'single', media: mediaOfInfo(info), direct: info.direct === true };
  const platform = platformOf(info);
  const entries = (Array.isArray(info.entries) ? (info.entries as unknown[]) : [])
    .filter((entry): entry is Json => entry !== null && typeof entry === 'object')
    .map((entry) => ({
      url: text(entry.webpage_url) ?? text(entry.url) ?? '',
      platform: text(entry.ie_key) || text(entry.extractor_key) ? platformOf(entry) : platform,
      id: text(entry.id),
      title: text(entry.title),
    }))
    .filter((entry) => /^https?:\/\//i.test(entry.url));
  return { type: 'collection', platform, id: text(info.id), title: text(info.title), entries };
}

export function parseProgressLine(line: string): ProgressLine | undefined {
  if (!line.startsWith(PROGRESS_PREFIX)) return undefined;
  try {
    const raw = JSON.parse(line.slice(PROGRESS_PREFIX.length)) as Json;
    const downloaded = typeof raw.downloaded_bytes === 'number' ? raw.downloaded_bytes : 0;
    return {
      status: text(raw.status) ?? 'downloading',
      downloadedBytes: downloaded,
      totalBytes: positive(raw.total_bytes) ?? positive(raw.total_bytes_estimate),
    };
  } catch {
    return undefined;
  }
}

export interface DownloadedInfo {
  media: SiteMedia;
  /** Where yt-dlp left the finished file. */
  filepath: string;
}

export function parseInfoLine(line: string): DownloadedInfo | undefined {
  if (!line.startsWith(INFO_PREFIX)) return undefined;
  const info = JSON.parse(line.slice(INFO_PREFIX.length)) as Json;
  const filepath = text(info.filepath) ?? text(info._filename);
  if (filepath === null) throw new Error('yt-dlp info has no file path');
  return { media: mediaOfInfo(info), filepath };
}

/** yt-dlp's way of saying no extractor (not even the generic one) found media at the URL. */
export function isUnsupportedUrl(stderrTail: readonly string[]): boolean {
  return stderrTail.some((line) => /ERROR: .*Unsupported URL/i.test(line));
}

/** The first yt-dlp error line, without its "ERROR: [extractor] id:" prefix noise kept short. */
export function errorLine(stderrTail: readonly string[]): string | undefined {
  const line = stderrTail.find((l) => l.startsWith('ERROR:'));
  return line?.replace(/^ERROR:\s*/, '').slice(0, 500);
}

/** "2024.03.10" (optionally with a ".123" build suffix) → that day; null for anything else. */
export function versionDate(version: string): Date | null {
  const match = version.trim().match(/^(\d{4})\.(\d{2})\.(\d{2})/);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Sites change often and yt-dlp follows: a release older than this is worth updating. */
export const OUTDATED_AFTER_DAYS = 90;

export interface ToolStatus {
  version: string;
  /** The release day the version names (YYYY-MM-DD), when it names one. */
  released: string | null;
  ageDays: number | null;
  outdated: boolean;
}

/** What /ready says of yt-dlp's version. Pure. */
export function toolStatus(version: string, now: Date): ToolStatus {
  const date = versionDate(version);
  if (!date) return { version, released: null, ageDays: null, outdated: false };
  const ageDays = Math.floor((now.getTime() - date.getTime()) / 86_400_000);
  return { version, released: date.toISOString().slice(0, 10), ageDays, outdated: ageDays > OUTDATED_AFTER_DAYS };
}
