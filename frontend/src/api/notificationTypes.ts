/** /api/notifications shapes (scheduler-service; see docs/notifications.md). */
export const NOTIFICATION_EVENTS = [
  'media.new',
  'download.failed',
  'subscription.failed',
  'session.expired',
  'disk.low',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export const TARGET_TYPES = ['webhook', 'ntfy', 'gotify', 'discord', 'slack', 'telegram', 'email'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export interface NotificationTarget {
  id: string;
  type: TargetType;
  name: string;
  events: NotificationEvent[];
  url?: string;
  settings: Record<string, string | number | boolean>;
  hasSecret: boolean;
  createdAt: string;
}

export interface CreatedNotificationTarget extends NotificationTarget {
  /** Webhooks: the signing secret, shown only in this answer. */
  secret?: string;
}

/** `{type, name?, events?, ...the type's fields}`. */
export type NotificationTargetInput = { type: TargetType; name?: string; events?: NotificationEvent[] } & Record<
  string,
  unknown
>;

export interface NotificationDelivery {
  id: string;
  targetId: string;
  event: NotificationEvent | 'test';
  status: 'pending' | 'delivered' | 'failed';
  httpStatus?: number;
  attempts: number;
  lastError?: string;
  createdAt: string;
}
