/** Human formatting of sizes, speeds and download labels (pure). */
import type { DownloadView } from './types.js';

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${UNITS[unit]}`;
}

export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** "@natgeo", "post C0de", "reel X", or the URL for anything else. */
export function downloadLabel(url: string): string {
  const match =
    /instagram\.com\/(?:(p|reel|reels|tv)\/([\w-]+)|stories\/highlights\/(\d+)|stories\/([\w.]+)|([\w.]+))\/?/i.exec(
      url,
    );
  if (match?.[2]) return `${match[1] === 'p' ? 'post' : 'reel'} ${match[2]}`;
  if (match?.[3]) return `highlight ${match[3]}`;
  if (match?.[4]) return `stories of @${match[4]}`;
  if (match?.[5]) return `@${match[5]}`;
  if (/^@?[\w.]+$/.test(url)) return `@${url.replace(/^@/, '')}`;
  return url;
}

/** What a download is doing now, in one word or phrase. */
export function downloadPhase(view: Pick<DownloadView, 'status' | 'progress' | 'phase' | 'waitingUntil'>): string {
  if (view.status !== 'running') return view.status;
  if (view.waitingUntil)
    return `waiting until ${new Date(view.waitingUntil).toLocaleTimeString()} (Instagram rate limit)`;
  const phase = view.phase ?? view.progress.phase;
  if (phase === 'scanning' && view.progress.scanned !== undefined)
    return `scanning: ${view.progress.scanned} posts found`;
  if (phase) return phase;
  return view.progress.filesTotal === 0 ? 'scanning' : 'downloading';
}

/** "12/40 files · 3.4 MB of 9.1 MB" */
export function progressSummary(progress: DownloadView['progress']): string {
  const files = progress.filesTotal > 0 ? `${progress.filesDone}/${progress.filesTotal}` : `${progress.filesDone}`;
  const bytes =
    progress.bytesTotal > 0
      ? `${formatBytes(progress.bytesDone)} of ${formatBytes(Math.max(progress.bytesTotal, progress.bytesDone))}`
      : formatBytes(progress.bytesDone);
  return `${files} files · ${bytes}`;
}

/** Plain text table: columns padded to their widest cell. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [index, cell] of row.entries()) widths[index] = Math.max(widths[index] ?? 0, cell.length);
  }
  return rows
    .map((row) =>
      row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0))).join('  '),
    )
    .join('\n');
}
