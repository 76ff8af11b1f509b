import { formatDay } from '../../lib/format.ts';
import { useTranslation } from 'react-i18next';
import { useEffect, useRef, useState } from 'react';
import { EmptyState, ErrorMessage, Loading, StatusMessage } from '../../components/feedback.tsx';
import { useApi } from '../../hub.tsx';
import { Link, navigate, useLocation } from '../../lib/router.tsx';
import { archiveName, saveBlob } from '../../lib/saveBlob.ts';
import { useAction } from '../../lib/useAsync.ts';
import { describeFile, FileCard } from './FileCard.tsx';
import { LibraryFiltersForm } from './LibraryFiltersForm.tsx';
import { filtersFromSearch, groupDate, searchFromFilters, type LibraryFilters } from './libraryQuery.ts';
import { groupByDay, groupPosts, type Post } from './posts.ts';
import { useFilePages } from './useFilePages.ts';

/** The media library: filters, infinite grid, multi-select actions. */
export function LibraryPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { search } = useLocation();
  const searchText = search.toString();
  const [filters, setFilters] = useState<LibraryFilters>(() => filtersFromSearch(search));
  useEffect(() => setFilters(filtersFromSearch(new URLSearchParams(searchText))), [searchText]);
  const pages = useFilePages(filters);
  const [selected, setSelected] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);

  const applyFilters = (next: LibraryFilters) => {
    setSelected([]);
    navigate(`/library${searchFromFilters(next)}`, { replace: true });
  };
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  const zip = useAction(async () => {
    const { blob, filename } = await api.files.archive(selected);
    saveBlob(blob, filename ?? archiveName());
    setNotice(t('Prepared a ZIP of {{count}} files.', { count: selected.length }));
  });
  const remove = useAction(async () => {
    if (!window.confirm(t('Delete {{count}} files for good?', { count: selected.length }))) return;
    const results = await Promise.allSettled(selected.map((id) => api.files.remove(id)));
    const deleted = selected.filter((_, i) => results[i]?.status === 'fulfilled');
    pages.removeLocally(deleted);
    setSelected((s) => s.filter((id) => !deleted.includes(id)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    setNotice(t('Deleted {{count}} files.', { count: deleted.length }));
    if (failed) throw failed.reason;
  });

  return (
    <section aria-labelledby="library-title">
      <div className="page-head">
        <h1 id="library-title">{t('Library')}</h1>
        <button
          type="button"
          className="button"
          onClick={() => setSelected(selected.length === pages.files.length ? [] : pages.files.map((f) => f.id))}
          disabled={pages.files.length === 0}
        >
          {selected.length > 0 && selected.length === pages.files.length ? t('Select none') : t('Select all shown')}
        </button>
      </div>
      <LibraryFiltersForm value={filters} onChange={applyFilters} />
      {filters.download ? (
        <p className="filter-note" data-testid="download-filter">
          <span>{t('These are the files of one download.')}</span>{' '}
          <Link to="/library">{t('Show the whole library')}</Link>
        </p>
      ) : null}
      <StatusMessage message={notice} />
      <ErrorMessage message={zip.error ?? remove.error} />

      {selected.length > 0 ? (
        <section className="selection-bar" aria-label={t('Selected files')} data-testid="selection-bar">
          <span>{t('{{count}} selected', { count: selected.length })}</span>
          <button type="button" className="button button-small" onClick={() => void zip.run()} disabled={zip.pending}>
            {zip.pending ? t('Preparing ZIP…') : t('Download ZIP')}
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => navigate(`/videos?files=${selected.map(encodeURIComponent).join(',')}`)}
          >
            {t('Send to video tools')}
          </button>
          <button
            type="button"
            className="button button-small button-danger"
            onClick={() => void remove.run()}
            disabled={remove.pending}
          >
            {t('Delete')}
          </button>
          <button type="button" className="button button-small" onClick={() => setSelected([])}>
            {t('Clear selection')}
          </button>
        </section>
      ) : null}

      <ErrorMessage message={pages.error} testId="library-error" />
      {pages.files.length === 0 && !pages.loading && !pages.error ? (
        <EmptyState
          title={Object.values(filters).some(Boolean) ? t('No files match these filters') : t('Your library is empty')}
        >
          <p>
            {Object.values(filters).some(Boolean)
              ? t('Try other words or clear the filters.')
              : t('Downloaded photos and videos appear here.')}
          </p>
        </EmptyState>
      ) : (
        <div aria-busy={pages.loading} data-testid="library-days">
          {groupByDay(groupPosts(pages.files), (post) => groupDate(post.cover, filters.sort)).map(
            ({ day, date, posts }) => {
              const label = day === 'unknown' ? t('Unknown date') : formatDay(date);
              return (
                <section key={day} aria-label={label} className="library-day">
                  <h2 className="day-heading">{label}</h2>
                  <ul className="file-grid" aria-label={t('Files of {{label}}', { label })}>
                    {posts.map((post) =>
                      post.files.length === 1 ? (
                        <FileCard
                          key={post.key}
                          file={post.cover}
                          selected={selected.includes(post.cover.id)}
                          onToggle={toggle}
                        />
                      ) : (
                        <PostGroup key={post.key} post={post} selected={selected} onToggle={toggle} />
                      ),
                    )}
                  </ul>
                </section>
              );
            },
          )}
        </div>
      )}
      {pages.loading ? <Loading label={t('Loading files…')} /> : null}
      <LoadMore hasMore={pages.hasMore} loading={pages.loading} onLoadMore={pages.loadMore} />
    </section>
  );
}

/** Loads the next page when it scrolls into view; the button works without scrolling (keyboard, old browsers). */
function LoadMore({ hasMore, loading, onLoadMore }: { hasMore: boolean; loading: boolean; onLoadMore: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const callback = useRef(onLoadMore);
  callback.current = onLoadMore;
  useEffect(() => {
    const node = ref.current;
    if (!node || !hasMore || loading || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) callback.current();
      },
      { rootMargin: '400px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasMore, loading]);
  if (!hasMore) return null;
  return (
    <div ref={ref} className="load-more">
      <button type="button" className="button" onClick={onLoadMore} disabled={loading}>
        {t('Load more')}
      </button>
    </div>
  );
}

/** A post of several files (a carousel): one tile holding its children, in order, each selectable. */
function PostGroup({
  post,
  selected,
  onToggle,
}: {
  post: Post;
  selected: readonly string[];
  onToggle: (id: string) => void;
}) {
  const { t } = useTranslation();
  const caption = describeFile(post.cover);
  return (
    <li className="post-group" data-testid="library-post" data-post-key={post.key}>
      <p className="post-group-head">
        <span aria-hidden="true">❏ </span>
        {t('{{count}} files in one post', { count: post.files.length })}
      </p>
      <ul className="file-grid" aria-label={t('Post: {{caption}}', { caption })}>
        {post.files.map((file) => (
          <FileCard key={file.id} file={file} selected={selected.includes(file.id)} onToggle={onToggle} />
        ))}
      </ul>
    </li>
  );
}
