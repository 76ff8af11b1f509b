/** Server-Sent Events from `/api/events?token=…`, reconnecting with a fresh token after an error. */
import { retryDelay } from '@smh/shared/backoff';
import { PUBLIC_EVENT_NAMES } from '@smh/shared/events/public-events';

/** The events the hub sends on /api/events: the shared list the gateway filters by. */
export const HUB_EVENT_NAMES = PUBLIC_EVENT_NAMES;

export type StreamStatus = 'connecting' | 'open' | 'reconnecting';

export interface EventStreamOptions {
  /** Builds the URL each time (the access token in it may have changed). */
  url: () => string;
  onEvent: (name: string, data: unknown) => void;
  onStatus?: (status: StreamStatus) => void;
  /** Runs before a reconnect after the stream never opened (e.g. to refresh an expired token). */
  beforeReconnect?: () => Promise<unknown>;
  EventSourceImpl?: typeof EventSource;
  maxDelayMs?: number;
}

export interface EventStream {
  close(): void;
}

export function reconnectDelay(attempt: number, maxDelayMs = 30_000): number {
  return retryDelay({ baseMs: 1000, maxMs: maxDelayMs }, attempt);
}

export function openEventStream(options: EventStreamOptions): EventStream {
  const Impl = options.EventSourceImpl ?? globalThis.EventSource;
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let closed = false;

  const connect = () => {
    if (closed) return;
    options.onStatus?.(attempt === 0 ? 'connecting' : 'reconnecting');
    let opened = false;
    const es = new Impl(options.url());
    source = es;
    es.onopen = () => {
      opened = true;
      attempt = 0;
      options.onStatus?.('open');
    };
    for (const name of HUB_EVENT_NAMES) {
      es.addEventListener(name, (event) => {
        const raw = (event as MessageEvent<string>).data;
        try {
          options.onEvent(name, JSON.parse(raw));
        } catch {
          /* ignore a malformed event rather than break the stream */
        }
      });
    }
    es.onerror = () => {
      es.close();
      if (closed) return;
      attempt += 1;
      options.onStatus?.('reconnecting');
      const delay = reconnectDelay(attempt, options.maxDelayMs);
      timer = setTimeout(() => {
        const prepare =
          !opened && options.beforeReconnect ? options.beforeReconnect().catch(() => undefined) : Promise.resolve();
        void prepare.then(connect);
      }, delay);
    };
  };

  connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      source?.close();
    },
  };
}
