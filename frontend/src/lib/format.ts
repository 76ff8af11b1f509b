import type { DownloadProgress } from '../api/types.ts';

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** 1536000 → "1.5 MB" (decimal units, like file managers). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
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
  if (!progress) return 'Waiting to start';
  if (progress.phase === 'scanning') {
    const count = progress.scanned ?? 0;
    const found = `Scanning · ${count} ${plural(count, 'post')} found`;
    return progress.filesDone > 0 ? `${found} · ${progress.filesDone} ${plural(progress.filesDone, 'file')}` : found;
  }
  const files =
    progress.filesTotal > 0
      ? `${progress.filesDone} of ${progress.filesTotal} ${plural(progress.filesTotal, 'file')}`
      : `${progress.filesDone} ${plural(progress.filesDone, 'file')}`;
  const oneFileInFlight =
    progress.filesTotal <= 1 && progress.bytesTotal > 0 && progress.bytesDone <= progress.bytesTotal;
  const bytes = oneFileInFlight
    ? `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}`
    : progress.bytesDone > 0
      ? formatBytes(progress.bytesDone)
      : '';
  return bytes ? `${files} · ${bytes}` : files;
}

export function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

/** 65 → "1:05", 3723.4 → "1:02:03". */
export function formatDuration(seconds: number | undefined | null): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '';
  const total = Math.floor(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "Waiting for Instagram until 14:05" while a download waits out a rate limit; '' when it is not waiting. */
export function describeWaiting(waitingUntil: string | null | undefined, now: number = Date.now()): string {
  if (!waitingUntil) return '';
  const until = new Date(waitingUntil);
  if (Number.isNaN(until.getTime()) || until.getTime() <= now) return '';
  const sameDay = new Date(now).toDateString() === until.toDateString();
  const time = until.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return `Waiting for Instagram until ${sameDay ? time : `${until.toLocaleDateString(undefined, { dateStyle: 'medium' })} ${time}`}`;
}
