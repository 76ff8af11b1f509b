import type { DownloadProgress } from '../api/types.ts';
import { activeLocale, t } from '../i18n/index.ts';

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** Numbers in the active locale's digits and grouping: 1200 → "1,200". */
export function formatNumber(
  value: number,
  locale: string = activeLocale(),
  options?: Intl.NumberFormatOptions,
): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

/** 1536000 → "1.5 MB" (decimal units, like file managers; the number in the locale's format, SI symbols as is). */
export function formatBytes(bytes: number, locale: string = activeLocale()): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const number = formatNumber(value, locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${number} ${BYTE_UNITS[unit]}`;
}

export function formatSpeed(bytesPerSecond: number | null | undefined): string {
  if (bytesPerSecond == null || !Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '';
  return `${formatBytes(bytesPerSecond)}/s`;
}

/**
 * Whole percent 0..100, or null when the total is not known yet. The hub adds a file's size to `bytesTotal` only
 * when that file starts, so with several files the byte ratio reads 100% after the first one: count files then,
 * and use bytes for a single file (smooth progress of one large transfer).
 */
export function downloadPercent(progress: DownloadProgress | undefined, done = false): number | null {
  if (done) return 100;
  if (!progress) return null;
  if (progress.filesTotal > 1) return clampPercent((progress.filesDone / progress.filesTotal) * 100);
  if (progress.bytesTotal > 0) return clampPercent((progress.bytesDone / progress.bytesTotal) * 100);
  if (progress.filesTotal > 0) return clampPercent((progress.filesDone / progress.filesTotal) * 100);
  return null;
}

/** Video jobs report 0..1. */
export function fractionPercent(fraction: number | undefined): number {
  return clampPercent((fraction ?? 0) * 100);
}

function clampPercent(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(100, Math.max(0, Math.floor(value)));
}

/**
 * "3 of 10 files · 1.2 MB". Bytes read "done of total" only for one file in flight: with several files the hub adds
 * a file's size to the total when the file starts, so that total would disagree with the file count.
 */
export function describeProgress(progress: DownloadProgress | undefined): string {
  if (!progress) return t('Waiting to start');
  if (progress.phase === 'scanning') {
    const found = t('Scanning · {{count}} posts found', { count: progress.scanned ?? 0 });
    return progress.filesDone > 0 ? t('{{found}} · {{count}} files', { found, count: progress.filesDone }) : found;
  }
  const files =
    progress.filesTotal > 0
      ? t('{{done}} of {{count}} files', { done: formatNumber(progress.filesDone), count: progress.filesTotal })
      : t('{{count}} files', { count: progress.filesDone });
  const oneFileInFlight =
    progress.filesTotal <= 1 && progress.bytesTotal > 0 && progress.bytesDone <= progress.bytesTotal;
  const bytes = oneFileInFlight
    ? t('{{done}} of {{total}}', { done: formatBytes(progress.bytesDone), total: formatBytes(progress.bytesTotal) })
    : progress.bytesDone > 0
      ? formatBytes(progress.bytesDone)
      : '';
  return bytes ? `${files} · ${bytes}` : files;
}

/** 65 → "1:05", 3723.4 → "1:02:03" (a clock reading; the digits in the locale's numbering system). */
export function formatDuration(seconds: number | undefined | null, locale: string = activeLocale()): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '';
  const total = Math.floor(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const plain = new Intl.NumberFormat(locale, { useGrouping: false });
  const pad = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  return h > 0 ? `${plain.format(h)}:${pad.format(m)}:${pad.format(s)}` : `${plain.format(m)}:${pad.format(s)}`;
}

/** A date and time in the locale's words and order: "Dec 7, 2026, 1:56 AM" / "2026年12月7日 01:56". */
export function formatDate(iso: string | null | undefined, locale: string = activeLocale()): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A day heading: "Sunday, December 6, 2026" / "2026年12月6日星期日". */
export function formatDay(date: Date, locale: string = activeLocale()): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full' }).format(date);
}

const RELATIVE_STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.345],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "3 minutes ago", "in 2 hours", "yesterday" / "3分钟前", "2小时后", "昨天"; '' for a missing or bad date. */
export function formatRelativeTime(
  iso: string | null | undefined,
  now: number = Date.now(),
  locale: string = activeLocale(),
): string {
  if (!iso) return '';
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return '';
  let value = (time - now) / 1000;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(value) < size) return format.format(Math.round(value), unit);
    value /= size;
  }
  return '';
}

/** "Waiting for Instagram until 14:05" while a download waits out a rate limit; '' when it is not waiting. */
export function describeWaiting(
  waitingUntil: string | null | undefined,
  now: number = Date.now(),
  locale: string = activeLocale(),
): string {
  if (!waitingUntil) return '';
  const until = new Date(waitingUntil);
  if (Number.isNaN(until.getTime()) || until.getTime() <= now) return '';
  const sameDay = new Date(now).toDateString() === until.toDateString();
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(until);
  const when = sameDay ? time : `${new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(until)} ${time}`;
  return t('Waiting for Instagram until {{when}}', { when });
}
