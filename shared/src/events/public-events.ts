/**
 * The events a user may see on /api/events: the one list the gateway filters by and the UI listens to.
 * No imports (no zod), so the UI can take it; events.ts checks every name is an event of `eventSchemas`.
 */
export const PUBLIC_EVENT_NAMES = [
  'download.progress',
  'download.completed',
  'download.failed',
  'download.canceled',
  'video.progress',
  'video.completed',
  'video.failed',
  'subscription.run',
  'file.created',
  'file.deleted',
  'session.expired',
] as const;

export type PublicEventName = (typeof PUBLIC_EVENT_NAMES)[number];
