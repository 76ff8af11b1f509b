/** A minimal Server-Sent Events reader: `event:` and `data:` lines, frames split by a blank line. */
export interface SseEvent {
  event: string;
  data: unknown;
}

/** The events of one SSE text (pure): complete frames only; comments and unparsable data are skipped. */
export function parseSseFrames(text: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  const normalized = text.replace(/\r\n?/g, '\n');
  const frames = normalized.split('\n\n');
  const rest = frames.pop() ?? '';
  for (const frame of frames) {
    let name = 'message';
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length === 0) continue;
    try {
      events.push({ event: name, data: JSON.parse(data.join('\n')) });
    } catch {
      // not JSON: the hub sends only JSON data, so this is not one of its events
    }
  }
  return { events, rest };
}

export async function* parseSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    const { events, rest } = parseSseFrames(buffer);
    buffer = rest;
    yield* events;
  }
}
