import { z } from 'zod';
import { PUBLIC_EVENT_NAMES } from './public-events.js';

const progress = z.object({
  filesDone: z.number(),
  filesTotal: z.number(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  phase: z.enum(['scanning', 'transferring']).optional(),
  scanned: z.number().optional(),
});
const error = z.object({ code: z.string(), message: z.string(), retryable: z.boolean() });

/**
 * Domain events. Every event names the user it belongs to (`ownerId`); the gateway forwards an event on the
 * SSE stream only to its owner (and to admins). Internal events (`*.cancel-requested`, `file.*`) are for services.
 */
export const eventSchemas = {
  'download.progress': z.object({
    id: z.string(),
    ownerId: z.string(),
    progress,
    speedBps: z.number().optional(),
    /** Set while the download waits out Instagram's pushback (ISO time it resumes); null when the wait ended. */
    waitingUntil: z.string().nullable().optional(),
  }),
  'download.completed': z.object({ id: z.string(), ownerId: z.string(), fileIds: z.array(z.string()), progress }),
  'download.failed': z.object({ id: z.string(), ownerId: z.string(), error }),
  'download.canceled': z.object({ id: z.string(), ownerId: z.string() }),
  'download.cancel-requested': z.object({ id: z.string(), ownerId: z.string() }),
  'video.progress': z.object({ id: z.string(), ownerId: z.string(), progress: z.number().min(0).max(1) }),
  'video.completed': z.object({ id: z.string(), ownerId: z.string(), outputFileIds: z.array(z.string()) }),
  'video.failed': z.object({
    id: z.string(),
    ownerId: z.string(),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
  'video.cancel-requested': z.object({ id: z.string(), ownerId: z.string() }),
  'subscription.run': z.object({
    id: z.string(),
    ownerId: z.string(),
    subscriptionId: z.string(),
    status: z.enum(['started', 'completed', 'failed', 'skipped']),
    downloadId: z.string().optional(),
    newFiles: z.number().optional(),
    error: z.string().optional(),
  }),
  'file.created': z.object({ id: z.string(), ownerId: z.string() }),
  'file.updated': z.object({ id: z.string(), ownerId: z.string() }),
  'file.deleted': z.object({ id: z.string(), ownerId: z.string() }),
  'session.expired': z.object({ id: z.string(), ownerId: z.string(), reason: z.string() }),
  /** An API key was revoked or a user disabled: gateways drop what they cached about credentials. */
  'credentials.revoked': z.object({ id: z.string(), ownerId: z.string() }),
} as const;

export type EventName = keyof typeof eventSchemas;
export type EventPayload<N extends EventName> = z.infer<(typeof eventSchemas)[N]>;
export type HubEvent = { [N in EventName]: { name: N; data: EventPayload<N> } }[EventName];

/** The events a user may see on /api/events (the list lives in public-events.ts, which the UI imports too). */
export const PUBLIC_EVENTS: readonly EventName[] = PUBLIC_EVENT_NAMES satisfies readonly EventName[];

export interface EventBus {
  publish<N extends EventName>(name: N, data: EventPayload<N>): Promise<void>;
  /** Receives every event published by any process of the hub; returns an unsubscribe function. */
  subscribe(listener: (event: HubEvent) => void): () => void;
  close(): Promise<void>;
}
