/** /api/notifications shapes (scheduler-service; see docs/notifications.md), named out of the generated schema. */
import type { ApiResponse } from './types.ts';

type TargetResponse = ApiResponse<'/api/notifications/targets/{id}', 'get'>;
export type NotificationEvent = TargetResponse['events'][number];
export type TargetType = TargetResponse['type'];

/** The pickers' order; `satisfies` fails the typecheck when the API gains or loses a name the list lacks. */
export const NOTIFICATION_EVENTS = [
  'media.new',
  'download.failed',
  'subscription.failed',
  'session.expired',
  'disk.low',
] as const satisfies readonly NotificationEvent[];

export const TARGET_TYPES = [
  'webhook',
  'ntfy',
  'gotify',
  'discord',
  'slack',
  'telegram',
  'email',
] as const satisfies readonly TargetType[];

type Exhaustive<List extends readonly string[], All extends string> = [All] extends [List[number]] ? true : never;
// Compile-time: every name the API knows is in the lists above.
const eventsComplete: Exhaustive<typeof NOTIFICATION_EVENTS, NotificationEvent> = true;
const typesComplete: Exhaustive<typeof TARGET_TYPES, TargetType> = true;
void eventsComplete;
void typesComplete;

export type NotificationTarget = Omit<TargetResponse, 'ownerId' | 'updatedAt'> & Partial<TargetResponse>;

export interface CreatedNotificationTarget extends NotificationTarget {
  /** Webhooks: the signing secret, shown only in this answer. */
  secret?: string;
}

/** `{type, name?, events?, ...the type's fields}`. */
export type NotificationTargetInput = { type: TargetType; name?: string; events?: NotificationEvent[] } & Record<
  string,
  unknown
>;

export type NotificationDelivery = ApiResponse<'/api/notifications/deliveries', 'get'>['items'][number];
