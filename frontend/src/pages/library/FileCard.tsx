import { useState } from 'react';
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

/** A library tile: thumbnail link to the detail view and a selection checkbox. */
export function FileCard({ file, selected, onToggle }: { file: HubFile; selected: boolean; onToggle: (id: string) => void }) {
  const api = useApi();
  const [thumbFailed, setThumbFailed] = useState(false);
  const kind = fileKind(file.mime);
  const description = describeFile(file);
  return (
    <li className={`file-card${selected ? ' selected' : ''}`} data-testid="file-card" data-file-id={file.id} data-kind={kind}>
      <Link to={`/library/${encodeURIComponent(file.id)}`} className="file-link" title={description}>
        {thumbFailed ? (
          <span className="file-thumb file-thumb-missing" aria-hidden="true">
            {kind === 'video' ? '▶' : kind === 'audio' ? '♪' : '▣'}
          </span>
        ) : (
          <img className="file-thumb" src={api.files.thumbnailUrl(file.id)} alt="" loading="lazy" onError={() => setThumbFailed(true)} />
        )}
        <span className="file-caption">{description}</span>
        {kind === 'video' ? (
          <span className="file-badge">
            <span aria-hidden="true">▶ </span>
            <span className="visually-hidden">Video </span>
            {formatDuration(file.duration)}
          </span>
        ) : null}
      </Link>
      <label className="file-select">
        <input type="checkbox" checked={selected} onChange={() => onToggle(file.id)} />
        <span className="visually-hidden">Select {description}</span>
      </label>
    </li>
  );
}
