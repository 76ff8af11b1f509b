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
