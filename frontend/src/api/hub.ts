import { type ApiClient, blobOf, dataOf } from './client.ts';
import type { NotificationTargetInput } from './notificationTypes.ts';
import type { ApiBody, ApiQuery, CreateVideoJobInput, HealthReport, SystemReport } from './types.ts';

const byId = (id: string) => ({ params: { path: { id } } });

/**
 * Every hub endpoint the UI uses. Each is one openapi-fetch call typed from `paths` (schema.d.ts): the path, method,
 * parameters, body and answer come from the OpenAPI document, not from hand-written types.
 */
export function createHubApi(client: ApiClient) {
  const http = client.http;
  return {
    auth: {
      status: () => dataOf(http.GET('/api/auth/status')),
      login: (username: string, password: string) =>
        dataOf(http.POST('/api/auth/login', { body: { username, password } })),
      register: (username: string, password: string) =>
        dataOf(http.POST('/api/auth/register', { body: { username, password } })),
      // The hub ends the sign-in of the refresh cookie and clears it.
      logout: () => dataOf(http.POST('/api/auth/logout', { body: {} })),
      me: () => dataOf(http.GET('/api/auth/me')),
      setLocale: (locale: 'en' | 'zh-CN' | null) => dataOf(http.PATCH('/api/auth/me', { body: { locale } })),
      changePassword: (currentPassword: string, newPassword: string) =>
        dataOf(http.POST('/api/auth/password', { body: { currentPassword, newPassword } })),
    },
    apiKeys: {
      list: () => dataOf(http.GET('/api/auth/api-keys')).then((page) => page.items),
      create: (name: string) => dataOf(http.POST('/api/auth/api-keys', { body: { name } })),
      revoke: (keyId: string) => dataOf(http.DELETE('/api/auth/api-keys/{id}', byId(keyId))),
    },
    users: {
      list: () => dataOf(http.GET('/api/users')).then((page) => page.items),
      create: (username: string, password: string, role: 'admin' | 'user') =>
        dataOf(http.POST('/api/users', { body: { username, password, role } })),
      setDisabled: (userId: string, disabled: boolean) =>
        dataOf(http.PATCH('/api/users/{id}', { ...byId(userId), body: { disabled } })),
    },
    sessions: {
      list: () => dataOf(http.GET('/api/instagram/sessions')).then((page) => page.items),
      addSessionId: (sessionid: string) => dataOf(http.POST('/api/instagram/sessions', { body: { sessionid } })),
      addCookiesText: (cookies: string) => dataOf(http.POST('/api/instagram/sessions', { body: { cookies } })),
      uploadCookieDb: (file: File) => {
        const form = new FormData();
        form.append('file', file, file.name);
        // The route reads the multipart stream itself; its OpenAPI entry declares no body to type it by.
        return dataOf(http.POST('/api/instagram/sessions/upload', { body: form as never }));
      },
      remove: (sessionId: string) => dataOf(http.DELETE('/api/instagram/sessions/{id}', byId(sessionId))),
    },
    downloads: {
      create: (input: DownloadInput) => dataOf(http.POST('/api/downloads', { body: input })),
      get: (downloadId: string) => dataOf(http.GET('/api/downloads/{id}', byId(downloadId))),
      list: (query: DownloadQuery = {}) => dataOf(http.GET('/api/downloads', { params: { query } })),
      cancel: (downloadId: string) => dataOf(http.POST('/api/downloads/{id}/cancel', byId(downloadId))),
      retry: (downloadId: string) => dataOf(http.POST('/api/downloads/{id}/retry', byId(downloadId))),
      retryFailed: () => dataOf(http.POST('/api/downloads/retry-failed')),
    },
    files: {
      list: (query: FileQuery) => dataOf(http.GET('/api/files', { params: { query } })),
      platforms: () => dataOf(http.GET('/api/files/platforms')).then((body) => body.platforms),
      get: (fileId: string) => dataOf(http.GET('/api/files/{id}', byId(fileId))).then((body) => body.file),
      remove: (fileId: string) => dataOf(http.DELETE('/api/files/{id}', byId(fileId))),
      archive: (ids: string[]) => blobOf(http.POST('/api/files/archive', { body: { ids }, parseAs: 'blob' })),
      contentUrl: (fileId: string, download = false) =>
        client.authedUrl(`/api/files/${encodeURIComponent(fileId)}/content`, download ? { download: 1 } : undefined),
      thumbnailUrl: (fileId: string) => client.authedUrl(`/api/files/${encodeURIComponent(fileId)}/thumbnail`),
    },
    videos: {
      // The form builds each operation's options generically; the route's schema (one variant per operation)
      // checks them and answers 400 naming the field.
      create: (input: CreateVideoJobInput) => dataOf(http.POST('/api/videos/jobs', { body: input as VideoJobBody })),
      get: (jobId: string) => dataOf(http.GET('/api/videos/jobs/{id}', byId(jobId))),
      list: (query: VideoJobQuery = {}) => dataOf(http.GET('/api/videos/jobs', { params: { query } })),
      cancel: (jobId: string) => dataOf(http.POST('/api/videos/jobs/{id}/cancel', byId(jobId))),
    },
    subscriptions: {
      list: () => dataOf(http.GET('/api/subscriptions')).then((page) => page.items),
      create: (input: SubscriptionBody) => dataOf(http.POST('/api/subscriptions', { body: input })),
      update: (subscriptionId: string, patch: SubscriptionPatchBody) =>
        dataOf(http.PATCH('/api/subscriptions/{id}', { ...byId(subscriptionId), body: patch })),
      remove: (subscriptionId: string) => dataOf(http.DELETE('/api/subscriptions/{id}', byId(subscriptionId))),
      runNow: (subscriptionId: string) => dataOf(http.POST('/api/subscriptions/{id}/run', byId(subscriptionId))),
      runs: (subscriptionId: string) =>
        dataOf(http.GET('/api/subscriptions/{id}/runs', byId(subscriptionId))).then((page) => page.items),
    },
    notifications: {
      targets: () => dataOf(http.GET('/api/notifications/targets')).then((page) => page.items),
      // The form builds the fields of the chosen type generically; the route's schema (one variant per type) checks
      // them and answers 400 naming the field.
      create: (input: NotificationTargetInput) =>
        dataOf(http.POST('/api/notifications/targets', { body: input as NotificationTargetBody })),
      remove: (targetId: string) => dataOf(http.DELETE('/api/notifications/targets/{id}', byId(targetId))),
      test: (targetId: string) => dataOf(http.POST('/api/notifications/targets/{id}/test', byId(targetId))),
      deliveries: (targetId?: string) =>
        dataOf(
          http.GET('/api/notifications/deliveries', {
            params: { query: { limit: 50, ...(targetId ? { targetId } : {}) } },
          }),
        ).then((page) => page.items),
    },
    system: {
      // The gateway's health and system routes describe their answers in prose only (no response schema).
      health: (): Promise<HealthReport> => dataOf(http.GET('/api/health')),
      details: (): Promise<SystemReport> => dataOf(http.GET('/api/system')),
    },
    eventsUrl: () => client.authedUrl('/api/events'),
  };
}

export type HubApi = ReturnType<typeof createHubApi>;

type DownloadInput = ApiBody<'/api/downloads', 'post'>;
type DownloadQuery = ApiQuery<'/api/downloads', 'get'>;
type FileQuery = ApiQuery<'/api/files', 'get'>;
type VideoJobBody = ApiBody<'/api/videos/jobs', 'post'>;
type VideoJobQuery = ApiQuery<'/api/videos/jobs', 'get'>;
type SubscriptionBody = ApiBody<'/api/subscriptions', 'post'>;
type SubscriptionPatchBody = ApiBody<'/api/subscriptions/{id}', 'patch'>;
type NotificationTargetBody = ApiBody<'/api/notifications/targets', 'post'>;
