import { useEffect, useState } from 'react';
import { useApi } from '../hub.tsx';

/**
 * Video posters are made in the background after a download, so a fresh tile may ask too early (404): it
 * shows a placeholder and asks again after these delays.
 */
export const THUMBNAIL_RETRY_DELAYS_MS = [2_000, 5_000, 15_000];

export function withRetryParam(url: string, attempt: number): string {
  return attempt === 0 ? url : `${url}${url.includes('?') ? '&' : '?'}retry=${attempt}`;
}

/** A file's thumbnail, or a placeholder (▶ video, ♪ audio, ▣ other) while it is not there, asked for again later. */
export function Thumbnail({
  fileId,
  kind,
  className,
  alt = '',
}: {
  fileId: string;
  kind?: 'video' | 'audio' | 'image' | 'other' | undefined;
  className: string;
  alt?: string;
}) {
  const api = useApi();
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const delay = THUMBNAIL_RETRY_DELAYS_MS[attempt];
    if (!failed || delay === undefined) return;
    const timer = setTimeout(() => {
      setAttempt((n) => n + 1);
      setFailed(false);
    }, delay);
    return () => clearTimeout(timer);
  }, [failed, attempt]);
  if (failed)
    return (
      <span
        className={`${className} ${className}-missing thumb-missing`}
        data-testid="thumbnail-missing"
        {...(alt ? { role: 'img', 'aria-label': alt } : { 'aria-hidden': true })}
      >
        {kind === 'video' ? '▶' : kind === 'audio' ? '♪' : '▣'}
      </span>
    );
  return (
    <img
      className={className}
      src={withRetryParam(api.files.thumbnailUrl(fileId), attempt)}
      alt={alt}
      loading="lazy"
      onError={() => setFailed(true)}
    />
  );
}
