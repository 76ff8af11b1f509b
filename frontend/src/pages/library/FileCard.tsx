import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import type { HubFile } from '../../api/types.ts';
import { useApi } from '../../hub.tsx';
import { formatDuration } from '../../lib/format.ts';
import { Link } from '../../lib/router.tsx';
import { fileKind } from './libraryQuery.ts';

export function describeFile(file: HubFile): string {
  const caption = file.source?.caption?.trim();
  const who = file.source?.username ? `@${file.source.username}` : '';
  if (caption) return `${who ? `${who}: ` : ''}${caption.length > 80 ? `${caption.slice(0, 77)}…` : caption}`;
  return who ? `${who} · ${file.name}` : file.name;
}

/**
 * Video posters are made in the background after a download, so a fresh tile may ask too early (404): it
 * shows a placeholder and asks again after these delays.
 */
export const THUMBNAIL_RETRY_DELAYS_MS = [2_000, 5_000, 15_000];

export function withRetryParam(url: string, attempt: number): string {
  return attempt === 0 ? url : `${url}${url.includes('?') ? '&' : '?'}retry=${attempt}`;
}

/** A library tile: thumbnail link to the detail view and a selection checkbox. */
export function FileCard({
  file,
  selected,
  onToggle,
}: {
  file: HubFile;
  selected: boolean;
  onToggle: (id: string) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [thumbFailed, setThumbFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const delay = THUMBNAIL_RETRY_DELAYS_MS[attempt];
    if (!thumbFailed || delay === undefined) return;
    const timer = setTimeout(() => {
      setAttempt((n) => n + 1);
      setThumbFailed(false);
    }, delay);
    return () => clearTimeout(timer);
  }, [thumbFailed, attempt]);
  const kind = fileKind(file.mime);
  const description = describeFile(file);
  return (
    <li
      className={`file-card${selected ? ' selected' : ''}`}
      data-testid="file-card"
      data-file-id={file.id}
      data-kind={kind}
    >
      <Link to={`/library/${encodeURIComponent(file.id)}`} className="file-link" title={description}>
        {thumbFailed ? (
          <span className="file-thumb file-thumb-missing" aria-hidden="true">
            {kind === 'video' ? '▶' : kind === 'audio' ? '♪' : '▣'}
          </span>
        ) : (
          <img
            className="file-thumb"
            src={withRetryParam(api.files.thumbnailUrl(file.id), attempt)}
            alt=""
            loading="lazy"
            onError={() => setThumbFailed(true)}
          />
        )}
        <span className="file-caption">{description}</span>
        {kind === 'video' ? (
          <span className="file-badge">
            <span aria-hidden="true">▶ </span>
            <span className="visually-hidden">{t('Video')} </span>
            {formatDuration(file.duration)}
          </span>
        ) : null}
      </Link>
      <label className="file-select">
        <input type="checkbox" checked={selected} onChange={() => onToggle(file.id)} />
        <span className="visually-hidden">{t('Select {{description}}', { description })}</span>
      </label>
    </li>
  );
}
