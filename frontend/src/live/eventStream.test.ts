// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { asEventSource, FakeEventSource } from '../test/FakeEventSource.ts';
import { openEventStream, reconnectDelay } from './eventStream.ts';

describe('openEventStream', () => {
  beforeEach(() => {
    FakeEventSource.reset();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('passes named events with parsed JSON data and skips malformed ones', () => {
    const received: [string, unknown][] = [];
    const stream = openEventStream({
      url: () => '/api/events?token=t1',
      EventSourceImpl: asEventSource(FakeEventSource),
      onEvent: (n, d) => received.push([n, d]),
    });
    const source = FakeEventSource.latest();
    expect(source.url).toBe('/api/events?token=t1');
    source.emit('download.progress', { id: 'd1', progress: { filesDone: 1 } });
    source.emit('video.completed', '{not json');
    expect(received).toEqual([['download.progress', { id: 'd1', progress: { filesDone: 1 } }]]);
    stream.close();
    expect(source.closed).toBe(true);
  });

  it('reconnects after an error with a fresh URL, refreshing first if the stream never opened', async () => {
    let token = 'old';
    const beforeReconnect = vi.fn(async () => {
      token = 'new';
    });
    const statuses: string[] = [];
    const stream = openEventStream({
      url: () => `/api/events?token=${token}`,
      EventSourceImpl: asEventSource(FakeEventSource),
      onEvent: () => {},
      onStatus: (s) => statuses.push(s),
      beforeReconnect,
    });
    FakeEventSource.latest().fail();
    expect(FakeEventSource.latest().closed).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(beforeReconnect).toHaveBeenCalledTimes(1);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.latest().url).toBe('/api/events?token=new');
    FakeEventSource.latest().open();
    expect(statuses).toEqual(['connecting', 'reconnecting', 'reconnecting', 'open']);
    stream.close();
    FakeEventSource.latest().fail();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it('backs off exponentially up to a ceiling', () => {
    expect([1, 2, 3, 4, 10].map((n) => reconnectDelay(n))).toEqual([1000, 2000, 4000, 8000, 30_000]);
  });
});
