import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api/errors.ts';
import type { HubFile } from '../../api/types.ts';
import { useApi } from '../../hub.tsx';
import { toFileQuery, withinDates, type LibraryFilters } from './libraryQuery.ts';

const PAGE_SIZE = 40;

export interface FilePages {
  files: HubFile[];
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
  removeLocally: (ids: string[]) => void;
}

/** Cursor pagination over GET /api/files; starts over whenever the filters change. */
export function useFilePages(filters: LibraryFilters): FilePages {
  const api = useApi();
  const [files, setFiles] = useState<HubFile[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef<AbortController | null>(null);
  const key = JSON.stringify(filters);

  const fetchPage = useCallback(
    (after: string | undefined, replace: boolean) => {
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      setLoading(true);
      setError(null);
      const parsed = JSON.parse(key) as LibraryFilters;
      api.files
        .list(toFileQuery(parsed, after, PAGE_SIZE))
        .then((page) => {
          if (controller.signal.aborted) return;
          const items = withinDates(page.items, parsed.from, parsed.to);
          setFiles((previous) => {
            if (replace) return items;
            const seen = new Set(previous.map((f) => f.id));
            return [...previous, ...items.filter((f) => !seen.has(f.id))];
          });
          setCursor(page.nextCursor ?? null);
        })
        .catch((caught: unknown) => {
          if (!controller.signal.aborted) setError(errorMessage(caught));
        })
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    },
    [api, key],
  );

  const startOver = useCallback(() => {
    setFiles([]);
    setCursor(undefined);
    fetchPage(undefined, true);
  }, [fetchPage]);

  useEffect(() => {
    startOver();
    return () => inFlight.current?.abort();
  }, [startOver]);

  const hasMore = typeof cursor === 'string' && cursor !== '';
  const loadMore = useCallback(() => {
    if (!loading && hasMore && typeof cursor === 'string') fetchPage(cursor, false);
  }, [loading, hasMore, cursor, fetchPage]);

  return {
    files,
    loading,
    error,
    hasMore,
    loadMore,
    reload: startOver,
    removeLocally: useCallback(
      (ids: string[]) => setFiles((previous) => previous.filter((f) => !ids.includes(f.id))),
      [],
    ),
  };
}
