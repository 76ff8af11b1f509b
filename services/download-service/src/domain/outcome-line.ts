/** The one log line a finished download leaves in the terminal ("download failed: private profile @x"). Pure. */
import type { FailureInfo } from './failure.js';
import type { Progress } from './progress.js';
import { classifyDownloadUrl } from './target.js';

/** Short words for the failures people meet most; other codes are told by their message. */
const SHORT_REASONS: Record<string, string> = {
  PRIVATE_PROFILE: 'private profile',
  NOT_FOUND: 'not found:',
  LOGIN_REQUIRED: 'login required for',
  SESSION_INVALID: 'Instagram session expired for',
  CHECKPOINT_REQUIRED: 'Instagram asks to verify the session for',
  CHALLENGE_REQUIRED: 'Instagram asks to verify the session for',
  RATE_LIMITED: 'rate-limited by Instagram on',
};

/** "@natgeo", "post C0de", "reel C0de", "stories of @natgeo", "highlight 123", or the URL's host and path. */
export function downloadSubject(url: string): string {
  try {
    const source = classifyDownloadUrl(url);
    if (source.type !== 'instagram') return `${source.url.host}${source.url.pathname}`;
    const target = source.target;
    if (target.kind === 'profile') return `@${target.username}`;
    if (target.kind === 'story') return `stories of @${target.username}`;
    if (target.kind === 'highlight') return `highlight ${target.highlightId}`;
    return `${target.kind} ${target.shortcode}`;
  } catch {
    return url;
  }
}

function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function downloadOutcomeLine(
  download: { url: string },
  outcome:
    | { status: 'completed'; progress: Progress; newFiles?: number }
    | { status: 'failed'; error: FailureInfo }
    | { status: 'canceled' },
): string {
  const subject = downloadSubject(download.url);
  if (outcome.status === 'canceled') return `download canceled: ${subject}`;
  if (outcome.status === 'failed') {
    const short = SHORT_REASONS[outcome.error.code];
    return short
      ? `download failed: ${short} ${subject}`
      : `download failed: ${subject}: ${outcome.error.message.replace(/\.$/, '')}`;
  }
  const { filesDone, bytesDone } = outcome.progress;
  return `download completed: ${subject}, ${filesDone} ${filesDone === 1 ? 'file' : 'files'} (${formatBytes(bytesDone)})`;
}
