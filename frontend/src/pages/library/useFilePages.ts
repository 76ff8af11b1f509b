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

  const downloadFileIds = useRef<{ id: string; fileIds: Promise<string[]> } | null>(null);
  /** The files of one download, by its fileIds in chunks of PAGE_SIZE; the cursor is the next chunk's index. */
  const downloadFilesPage = useCallback(
    async (filters: LibraryFilters, after: string | undefined) => {
      const downloadId = filters.download ?? '';
      if (downloadFileIds.current?.id !== downloadId)
        downloadFileIds.current = {
          id: downloadId,
          fileIds: api.downloads.get(downloadId).then((download) => download.fileIds ?? []),
        };
      const fileIds = await downloadFileIds.current.fileIds;
      const start = after ? Number(after) : 0;
      const chunk = fileIds.slice(start, start + PAGE_SIZE);
      const next = start + PAGE_SIZE < fileIds.length ? String(start + PAGE_SIZE) : null;
      if (chunk.length === 0) return { items: [], nextCursor: null };
      const page = await api.files.list({ ...toFileQuery(filters, undefined, PAGE_SIZE), ids: chunk.join(',') });
      return { items: page.items, nextCursor: next };
    },
    [api],
  );

  const fetchPage = useCallback(
    (after: string | undefined, replace: boolean) => {
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      setLoading(true);
      setError(null);
      const parsed = JSON.parse(key) as LibraryFilters;
      const listing = parsed.download
        ? downloadFilesPage(parsed, after)
        : api.files.list(toFileQuery(parsed, after, PAGE_SIZE));
      listing
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
    [api, key, downloadFilesPage],
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
