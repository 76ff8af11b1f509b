/**
 * Shapes of the hub's public API (see api-contract.md), named out of the types generated from the OpenAPI
 * document (`schema.d.ts`, written by `npm run docs:api`): a route schema change reaches the UI's types, and
 * `npm run docs:api:check` (or tests/integration/api-schema-types.test.ts) fails while they are stale.
 */
import type { paths } from './schema';

type Method = 'get' | 'post' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type SuccessCode = 200 | 201 | 202;
/** The JSON body of the operation's success answer (200, 201 or 202). */
export type ApiResponse<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? {
        [C in keyof R & SuccessCode]: R[C] extends { content: { 'application/json': infer B } } ? B : never;
      }[keyof R & SuccessCode]
    : never;
/** The JSON request body of the operation. */
export type ApiBody<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** The generated shape with only `K` required: what the UI needs before the rest arrives (events carry parts). */
type WithRequired<T, K extends keyof T> = Partial<T> & Pick<T, K>;
/** The query parameters of the operation. */
export type ApiQuery<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export type Role = User['role'];

export type User = ApiResponse<'/api/auth/me', 'get'>['user'];

export type LoginResult = ApiResponse<'/api/auth/login', 'post'>;

export type AuthStatus = ApiResponse<'/api/auth/status', 'get'>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type ApiKey = ApiResponse<'/api/auth/api-keys', 'get'>['items'][number];

export type CreatedApiKey = ApiResponse<'/api/auth/api-keys', 'post'>;

export type SessionStatus = 'active' | 'expired' | 'unverified' | (string & {});

export type InstagramSession = ApiResponse<'/api/instagram/sessions/{id}', 'get'>;

export const INCLUDE_OPTIONS = ['posts', 'reels', 'stories', 'highlights', 'tagged'] as const;
export type IncludeOption = (typeof INCLUDE_OPTIONS)[number];

export type DownloadKind = DownloadResponse['kind'];
export type JobStatus = DownloadResponse['status'];

export type DownloadProgress = Download['progress'];

type DownloadError = NonNullable<DownloadResponse['error']>;
/** A download's error carries `retryable`; a video job's does not. */
export type JobError = Omit<DownloadError, 'retryable'> & Partial<Pick<DownloadError, 'retryable'>>;

type DownloadResponse = ApiResponse<'/api/downloads/{id}', 'get'>;
/** `error: null`: the UI cleared it (a retry, an event saying the download completed). */
export type Download = Omit<WithRequired<DownloadResponse, 'id' | 'url' | 'status' | 'progress'>, 'error'> & {
  error?: JobError | null;
};

export type DownloadWarning = DownloadResponse['warnings'][number];

/** POST /api/downloads answers 202 `{id, status: "queued", …}`; other fields may be missing. */
export type QueuedDownload = Pick<Download, 'id' | 'status'> & Partial<Download>;

export type CreateDownloadInput = ApiBody<'/api/downloads', 'post'>;

export type FileSource = Partial<NonNullable<HubFileResponse['source']>>;

type HubFileResponse = ApiResponse<'/api/files/{id}', 'get'>['file'];
export type HubFile = Omit<WithRequired<HubFileResponse, 'id' | 'name' | 'mime' | 'size' | 'createdAt'>, 'source'> & {
  source?: FileSource | null;
};

export type FileType = 'image' | 'video' | 'audio';

export type FileQuery = ApiQuery<'/api/files', 'get'>;

/** One platform the caller's files came from, with how many (GET /api/files/platforms). */
export type PlatformCount = ApiResponse<'/api/files/platforms', 'get'>['platforms'][number];

export const VIDEO_OPERATIONS = ['merge', 'transcode', 'trim', 'thumbnail', 'extract-audio', 'probe'] as const;
export type VideoOperation = (typeof VIDEO_OPERATIONS)[number];

type VideoJobResponse = ApiResponse<'/api/videos/jobs/{id}', 'get'>;
export type VideoJob = Omit<
  WithRequired<VideoJobResponse, 'id' | 'operation' | 'status' | 'progress'>,
  'error' | 'result'
> & {
  error?: JobError | null;
  result?: unknown;
};

/** POST /api/videos/jobs answers 202 `{id, status}`. */
export type QueuedVideoJob = Pick<VideoJob, 'id' | 'status'> & Partial<VideoJob>;

/**
 * The form builds each operation's options generically; the server's schema (one variant per operation) checks
 * them and answers 400 naming the field.
 */
export type CreateVideoJobInput = Pick<ApiBody<'/api/videos/jobs', 'post'>, 'operation' | 'inputs'> & {
  options?: Record<string, unknown>;
};

/** Exactly one of `every` (e.g. 6h) or `cron` (five fields); a cron schedule may carry an IANA time zone. */
export type Schedule = SubscriptionResponse['schedule'];

type SubscriptionResponse = ApiResponse<'/api/subscriptions/{id}', 'get'>;
export type Subscription = WithRequired<SubscriptionResponse, 'id' | 'target' | 'schedule' | 'enabled'>;

export type SubscriptionInput = ApiBody<'/api/subscriptions', 'post'>;
/** The answer to creating one: the subscription and what Instagram said about the profile then. */
export type CreatedSubscription = Subscription & Pick<ApiResponse<'/api/subscriptions', 'post'>, 'profileCheck'>;

/** PATCH /api/subscriptions/:id: the target cannot change; `sessionId: null` removes the session. */
export type SubscriptionPatch = ApiBody<'/api/subscriptions/{id}', 'patch'>;

export type SubscriptionRun = ApiResponse<'/api/subscriptions/{id}/runs', 'get'>['items'][number];

/** GET /api/health. */
export type HealthReport = ApiResponse<'/api/health', 'get'>;

/** GET /api/system (admins): each service's readiness answer, and jobs per state of each queue (absent state: none). */
export type SystemReport = ApiResponse<'/api/system', 'get'>;
