/** Shapes of the hub's public API (see api-contract.md). Only the fields the UI reads are required. */

export type Role = 'admin' | 'user';

export interface User {
  id: string;
  username: string;
  role: Role;
  createdAt: string;
  disabled?: boolean;
}

export interface LoginResult {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
}

export interface AuthStatus {
  hasUsers: boolean;
  openRegistration: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ApiKey {
  id: string;
  name: string;
  createdAt?: string;
  lastUsedAt?: string | null;
  prefix?: string;
}

export interface CreatedApiKey {
  id: string;
  key: string;
  name?: string;
}

export type SessionStatus = 'active' | 'expired' | 'unverified' | (string & {});

export interface InstagramSession {
  id: string;
  username: string | null;
  status: SessionStatus;
  /** Why the session is not active, in words (e.g. "Instagram signed this session out"). */
  statusReason?: string | null;
  createdAt?: string;
  lastCheckedAt?: string | null;
}

export const INCLUDE_OPTIONS = ['posts', 'reels', 'stories', 'highlights', 'tagged'] as const;
export type IncludeOption = (typeof INCLUDE_OPTIONS)[number];

export type DownloadKind = 'profile' | 'post' | 'reel' | 'story' | 'highlight' | 'direct' | 'site';
export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'canceled';

export interface DownloadProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** While running: 'scanning' until the whole profile is listed (files already arrive), then 'transferring'. */
  phase?: 'scanning' | 'transferring';
  /** Posts found by the listing so far. */
  scanned?: number;
}

export interface JobError {
  code: string;
  message: string;
  retryable?: boolean;
}

export interface Download {
  id: string;
  url: string;
  kind?: DownloadKind;
  status: JobStatus;
  progress: DownloadProgress;
  fileIds?: string[];
  error?: JobError | null;
  /** What Instagram did not show (e.g. only the newest posts to an anonymous visitor). */
  warnings?: DownloadWarning[];
  /** While the download waits out Instagram's rate limit: when it resumes by itself. */
  waitingUntil?: string | null;
  createdAt?: string;
  finishedAt?: string | null;
}

export interface DownloadWarning {
  code: string;
  message: string;
}

/** POST /api/downloads answers 202 `{id, status: "queued", …}`; other fields may be missing. */
export type QueuedDownload = Pick<Download, 'id' | 'status'> & Partial<Download>;

export interface CreateDownloadInput {
  url: string;
  sessionId?: string;
  include?: IncludeOption[];
  limit?: number;
  /** List the whole profile again instead of only what is new since the last complete download. */
  full?: boolean;
}

export interface FileSource {
  platform?: string;
  username?: string;
  code?: string;
  takenAt?: string;
  caption?: string;
  /** The post's page, e.g. https://www.instagram.com/reel/CODE/ */
  url?: string | null;
}

export interface HubFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  sha256?: string;
  width?: number;
  height?: number;
  duration?: number;
  source?: FileSource;
  createdAt: string;
}

export type FileType = 'image' | 'video' | 'audio';

export interface FileQuery {
  q?: string;
  type?: FileType;
  username?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
  /** Comma-separated file ids (at most 200): only these files. */
  ids?: string;
  sort?: 'newest' | 'oldest' | 'stored' | 'name' | 'size';
}

export const VIDEO_OPERATIONS = ['merge', 'transcode', 'trim', 'thumbnail', 'extract-audio', 'probe'] as const;
export type VideoOperation = (typeof VIDEO_OPERATIONS)[number];

export interface VideoJob {
  id: string;
  operation: VideoOperation;
  status: JobStatus;
  progress: number;
  inputs?: string[];
  outputFileIds?: string[];
  result?: unknown;
  error?: JobError | null;
  createdAt?: string;
  startedAt?: string | null;
  finishedAt?: string | null;
}

/** POST /api/videos/jobs answers 202 `{id, status}`. */
export type QueuedVideoJob = Pick<VideoJob, 'id' | 'status'> & Partial<VideoJob>;

export interface CreateVideoJobInput {
  operation: VideoOperation;
  inputs: string[];
  options?: Record<string, unknown>;
}

/** Exactly one of `every` (e.g. 6h) or `cron` (five fields); a cron schedule may carry an IANA time zone. */
export interface Schedule {
  every?: string;
  cron?: string;
  timezone?: string;
}

export interface Subscription {
  id: string;
  /** The Instagram username the hub resolved the target to. */
  target: string;
  profileUrl?: string;
  include?: IncludeOption[];
  schedule: Schedule;
  sessionId?: string | null;
  enabled: boolean;
  /** "paused": stopped by the hub (e.g. the session expired) until resumed. */
  state?: 'active' | 'disabled' | 'paused';
  pausedReason?: string | null;
  flaggedReason?: string | null;
  lastRunAt?: string | null;
  nextRunAt?: string | null;
  createdAt?: string;
}

export interface SubscriptionInput {
  target: string;
  include?: IncludeOption[];
  schedule: Schedule;
  sessionId?: string;
  enabled?: boolean;
}

/** PATCH /api/subscriptions/:id: the target cannot change; `sessionId: null` removes the session. */
export interface SubscriptionPatch {
  include?: IncludeOption[];
  schedule?: Schedule;
  sessionId?: string | null;
  enabled?: boolean;
  resume?: true;
}

export interface SubscriptionRun {
  id: string;
  trigger?: 'schedule' | 'manual';
  downloadId?: string | null;
  status: string;
  startedAt?: string;
  finishedAt?: string | null;
  error?: JobError | string | null;
  newFiles?: number | null;
}

export interface HealthReport {
  status: string;
  services: Record<string, string>;
}

export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

export interface SystemReport {
  services: Record<string, unknown>;
  queues: Record<string, QueueDepth>;
}
