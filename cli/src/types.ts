/** The hub's public API shapes as the CLI reads them (docs/api/openapi.json); only the fields used here. */
export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'canceled';

export interface Progress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** While a profile is listed: "scanning" (files already arrive), then "transferring". */
  phase?: string;
  /** Posts the listing found so far. */
  scanned?: number;
}

export interface DownloadView {
  id: string;
  url: string;
  kind: string;
  status: JobStatus;
  progress: Progress;
  fileIds: string[];
  error?: { code: string; message: string; retryable?: boolean } | null;
  warnings?: { code: string; message: string }[];
  /** Set while Instagram asked the hub to slow down (ISO time). */
  waitingUntil?: string | null;
  /** What a running download is doing, when the hub says so (e.g. "scanning", "downloading"). */
  phase?: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface FileView {
  id: string;
  name: string;
  mime: string;
  type: string;
  size: number;
  source?: { platform: string; username?: string | null; code?: string | null; takenAt?: string | null } | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface VideoJob {
  id: string;
  operation: string;
  status: JobStatus;
  progress: number;
  outputFileIds: string[];
  error?: { code: string; message: string } | null;
}

/** Only in the answer to creating a subscription: what Instagram said about the profile then. */
export interface ProfileCheck {
  status: 'found' | 'private' | 'unchecked';
  message: string | null;
}

export interface Subscription {
  id: string;
  target: string;
  /** instagram: a profile; site: a page of another site (absent from hubs older than site subscriptions). */
  kind?: 'instagram' | 'site';
  profileUrl: string;
  include: string[];
  schedule: { every?: string; cron?: string; timezone?: string };
  sessionId: string | null;
  enabled: boolean;
  state: string;
  nextRunAt: string | null;
  lastRunAt: string | null;
  pausedReason?: string | null;
}

export interface InstagramSession {
  id: string;
  username: string | null;
  status: string;
  statusReason?: string | null;
  createdAt: string;
}

export interface NotificationTarget {
  id: string;
  type: string;
  name: string | null;
  events: string[];
  url?: string;
  hasSecret?: boolean;
  createdAt: string;
  /** Only in the answer that created a webhook: the signing secret, shown once. */
  secret?: string;
}

export interface NotificationDelivery {
  id: string;
  targetId: string;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  httpStatus?: number | null;
  attempts: number;
  lastError?: string | null;
  createdAt: string;
}
