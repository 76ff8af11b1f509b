import { useTranslation } from 'react-i18next';
import { useId, useState, type FormEvent } from 'react';
import type { HubFile } from '../../api/types.ts';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback.tsx';
import { useApi } from '../../hub.tsx';
import { Thumbnail } from '../../components/Thumbnail.tsx';
import { formatDuration } from '../../lib/format.ts';
import { useLoad } from '../../lib/useAsync.ts';

const PICKER_LIMIT = 24;

/** Lists videos from the library (optionally searched by caption) with an Add button each. */
export function ClipPicker({ chosen, onAdd }: { chosen: string[]; onAdd: (file: HubFile) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const videos = useLoad(() => api.files.list({ type: 'video', limit: PICKER_LIMIT, ...(q ? { q } : {}) }), [api, q]);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setQ(draft.trim());
  };
  const items = videos.data?.items ?? [];
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('Add clips from the library')}</h2>
      {/* biome-ignore lint/a11y/useSemanticElements: <form role=search> is the WAI-ARIA search landmark; the <search> element is too new to rely on */}
      <form role="search" aria-label={t('Search videos')} className="inline-form" onSubmit={onSubmit}>
        <label htmlFor={`${id}-q`} className="visually-hidden">
          {t('Search videos by caption')}
        </label>
        <input
          id={`${id}-q`}
          type="search"
          placeholder={t('Search videos by caption')}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="button">
          {t('Search')}
        </button>
      </form>
      {videos.loading ? <Loading label={t('Loading videos…')} /> : null}
      <ErrorMessage message={videos.error} />
      {!videos.loading && !videos.error && items.length === 0 ? <EmptyState title={t('No videos found')} /> : null}
      <ul className="picker-list" aria-label={t('Library videos')}>
        {items.map((file) => {
          const added = chosen.includes(file.id);
          return (
            <li key={file.id} className="picker-row" data-testid="picker-row" data-file-id={file.id}>
              <Thumbnail fileId={file.id} kind="video" className="picker-thumb" />
              <span className="clip-label">
                <span className="clip-caption">{file.source?.caption?.trim() || file.name}</span>
                {file.source?.caption?.trim() ? <span className="clip-name muted">{file.name}</span> : null}
              </span>
              <span className="muted">{formatDuration(file.duration)}</span>
              <button
                type="button"
                className="button button-small"
                disabled={added}
                onClick={() => onAdd(file)}
                aria-label={added ? t('{{name}} added', { name: file.name }) : t('Add {{name}}', { name: file.name })}
              >
                {added ? t('Added') : t('Add')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
