import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { Download, VideoJob } from '../api/types.ts';
import { useHub } from '../hub.tsx';
import { openEventStream, type StreamStatus } from './eventStream.ts';
import { initialQueueState, isUnknownItem, queueReducer, shouldRefetchAfter, type QueueState } from './queueReducer.ts';

export interface LiveQueue extends QueueState {
  streamStatus: StreamStatus;
  /** Shows a just-created download at once; events keep it current. */
  trackDownload(download: Download): void;
  trackVideoJob(job: VideoJob): void;
  refresh(): Promise<void>;
  /** Register for every hub event (e.g. to reload a page's own list). */
  onEvent(listener: (name: string, data: unknown) => void): () => void;
}

const LiveQueueContext = createContext<LiveQueue | null>(null);
const LIST_LIMIT = 100;
const REFETCH_DEBOUNCE_MS = 300;

/** Holds downloads and video jobs, kept live by the hub's event stream. Mounted once for a signed-in user. */
export function LiveQueueProvider({
  children,
  EventSourceImpl,
}: {
  children: ReactNode;
  EventSourceImpl?: typeof EventSource;
}) {
  const { api, client } = useHub();
  const [state, dispatch] = useReducer(queueReducer, initialQueueState);
  const [streamStatus, setStreamStatus] = useState<StreamStatus>('connecting');
  const stateRef = useRef(state);
  stateRef.current = state;
  const listeners = useRef(new Set<(name: string, data: unknown) => void>());

  const refresh = useCallback(async () => {
    const [downloads, jobs] = await Promise.allSettled([
      api.downloads.list({ limit: LIST_LIMIT }),
      api.videos.list({ limit: LIST_LIMIT }),
    ]);
    if (downloads.status === 'fulfilled') dispatch({ type: 'downloads/replace', items: downloads.value.items });
    if (jobs.status === 'fulfilled') dispatch({ type: 'videoJobs/replace', items: jobs.value.items });
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    let refetchTimer: ReturnType<typeof setTimeout> | undefined;
    const scheduleRefetch = () => {
      clearTimeout(refetchTimer);
      refetchTimer = setTimeout(() => void refresh(), REFETCH_DEBOUNCE_MS);
    };
    const stream = openEventStream({
      url: () => api.eventsUrl(),
      EventSourceImpl,
      onStatus: setStreamStatus,
      beforeReconnect: () => client.refreshSession(),
      onEvent: (name, data) => {
        if (isUnknownItem(stateRef.current, name, data) || shouldRefetchAfter(name)) scheduleRefetch();
        dispatch({ type: 'event', name, data, at: Date.now() });
        for (const listener of listeners.current) listener(name, data);
      },
    });
    return () => {
      clearTimeout(refetchTimer);
      stream.close();
    };
  }, [api, client, refresh, EventSourceImpl]);

  const value = useMemo<LiveQueue>(
    () => ({
      ...state,
      streamStatus,
      trackDownload: (item) => dispatch({ type: 'download/upsert', item }),
      trackVideoJob: (item) => dispatch({ type: 'videoJob/upsert', item }),
      refresh,
      onEvent: (listener) => {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [state, streamStatus, refresh],
  );
  return <LiveQueueContext.Provider value={value}>{children}</LiveQueueContext.Provider>;
}

export function useLiveQueue(): LiveQueue {
  const value = useContext(LiveQueueContext);
  if (!value) throw new Error('useLiveQueue() needs a <LiveQueueProvider> above it.');
  return value;
}
