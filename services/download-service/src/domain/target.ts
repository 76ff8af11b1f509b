/** What a pasted URL asks for (the classifier is shared with the web UI) and which kinds need a session. */
import type { DownloadSource } from '@smh/shared/download-target';

export {
  classifyDownloadUrl,
  DOWNLOAD_KINDS,
  UnsupportedUrlError,
  type DownloadKind,
  type DownloadSource,
} from '@smh/shared/download-target';

/** Downloads of these kinds only work with an Instagram session. */
export function needsSession(source: DownloadSource, include: readonly string[]): string | undefined {
  if (source.type !== 'instagram') return undefined;
  if (source.kind === 'story') return 'stories can only be downloaded with an Instagram session (sessionId)';
  if (source.kind === 'highlight') return 'highlights can only be downloaded with an Instagram session (sessionId)';
  const needing = include.filter((part) => part === 'stories' || part === 'highlights');
  if (source.kind === 'profile' && needing.length > 0)
    return `include "${needing.join('", "')}" needs an Instagram session (sessionId)`;
  return undefined;
}

/** What a download is of, independent of how its URL was written ("@name", a profile URL, a trailing slash). Pure. */
export function targetKey(source: DownloadSource): string {
  if (source.type !== 'instagram') return `${source.type}:${source.url.toString()}`;
  const target = Object.entries(source.target)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${String(value).toLowerCase()}`);
  return `instagram:${target.join('&')}`;
}
