import { useTranslation } from 'react-i18next';
import type { HubFile } from '../../api/types.ts';
import { Thumbnail } from '../../components/Thumbnail.tsx';
import { formatDuration } from '../../lib/format.ts';
import { Link } from '../../lib/router.tsx';
import { fileKind } from './libraryQuery.ts';

export function describeFile(file: HubFile): string {
  const caption = file.source?.caption?.trim();
  const username = file.source?.username;
  // An Instagram account is @name; an uploader of another site is shown by its own name.
  const who = username
    ? file.source?.platform && file.source.platform !== 'instagram'
      ? username
      : `@${username}`
    : '';
  if (caption) return `${who ? `${who}: ` : ''}${caption.length > 80 ? `${caption.slice(0, 77)}…` : caption}`;
  return who ? `${who} · ${file.name}` : file.name;
}

export { THUMBNAIL_RETRY_DELAYS_MS, withRetryParam } from '../../components/Thumbnail.tsx';

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
        <Thumbnail fileId={file.id} kind={kind} className="file-thumb" />
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
