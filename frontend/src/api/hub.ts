import type { ApiClient } from './client.ts';
import type {
  CreatedNotificationTarget,
  NotificationDelivery,
  NotificationTarget,
  NotificationTargetInput,
} from './notificationTypes.ts';
import type {
  ApiKey,
  AuthStatus,
  CreateDownloadInput,
  CreateVideoJobInput,
  CreatedApiKey,
  Download,
  FileQuery,
  HealthReport,
  HubFile,
  InstagramSession,
  JobStatus,
  LoginResult,
  Page,
  PlatformCount,
  QueuedDownload,
  QueuedVideoJob,
  Role,
  CreatedSubscription,
  Subscription,
  SubscriptionInput,
  SubscriptionPatch,
  SubscriptionRun,
  SystemReport,
  User,
  VideoJob,
} from './types.ts';

const id = (value: string) => encodeURIComponent(value);

/** Every hub endpoint the UI uses, typed. Pure mapping onto the thin client. */
export function createHubApi(client: ApiClient) {
  return {
    auth: {
      status: () => client.get<AuthStatus>('/api/auth/status'),
      login: (username: string, password: string) =>
        client.post<LoginResult>('/api/auth/login', { username, password }),
      register: (username: string, password: string) =>
        client.post<{ user: User }>('/api/auth/register', { username, password }),
      // The hub ends the sign-in of the refresh cookie and clears it.
      logout: () => client.post<void>('/api/auth/logout'),
      me: () => client.get<{ user: User }>('/api/auth/me'),
      setLocale: (locale: string | null) => client.patch<{ user: User }>('/api/auth/me', { locale }),
      changePassword: (currentPassword: string, newPassword: string) =>
        client.post<void>('/api/auth/password', { currentPassword, newPassword }),
    },
    apiKeys: {
      list: () => client.get<Page<ApiKey> | ApiKey[]>('/api/auth/api-keys').then(itemsOf),
      create: (name: string) => client.post<CreatedApiKey>('/api/auth/api-keys', { name }),
      revoke: (keyId: string) => client.delete(`/api/auth/api-keys/${id(keyId)}`),
    },
    users: {
      list: () => client.get<Page<User> | User[]>('/api/users').then(itemsOf),
      create: (username: string, password: string, role: Role) =>
        client.post<{ user: User } | User>('/api/users', { username, password, role }),
      setDisabled: (userId: string, disabled: boolean) =>
        client.patch<unknown>(`/api/users/${id(userId)}`, { disabled }),
    },
    sessions: {
      list: () => client.get<Page<InstagramSession> | InstagramSession[]>('/api/instagram/sessions').then(itemsOf),
      addSessionId: (sessionid: string) => client.post<InstagramSession>('/api/instagram/sessions', { sessionid }),
      addCookiesText: (cookies: string) => client.post<InstagramSession>('/api/instagram/sessions', { cookies }),
      uploadCookieDb: (file: File) => {
        const form = new FormData();
        form.append('file', file, file.name);
        return client.post<InstagramSession>('/api/instagram/sessions/upload', form);
      },
      remove: (sessionId: string) => client.delete(`/api/instagram/sessions/${id(sessionId)}`),
    },
    downloads: {
      create: (input: CreateDownloadInput) => client.post<QueuedDownload>('/api/downloads', input),
      get: (downloadId: string) => client.get<Download>(`/api/downloads/${id(downloadId)}`),
      list: (query: { status?: JobStatus; limit?: number; cursor?: string } = {}) =>
        client.get<Page<Download>>('/api/downloads', { query }),
      cancel: (downloadId: string) => client.post<Download | undefined>(`/api/downloads/${id(downloadId)}/cancel`),
      retry: (downloadId: string) => client.post<Download | undefined>(`/api/downloads/${id(downloadId)}/retry`),
      retryFailed: () => client.post<{ retried?: number; ids?: string[] } | undefined>('/api/downloads/retry-failed'),
    },
    files: {
      list: (query: FileQuery) => client.get<Page<HubFile>>('/api/files', { query: { ...query } }),
      platforms: () =>
        client.get<{ platforms: PlatformCount[] }>('/api/files/platforms').then((body) => body.platforms),
      get: (fileId: string) => client.get<HubFile | { file: HubFile }>(`/api/files/${id(fileId)}`).then(unwrapFile),
      remove: (fileId: string) => client.delete(`/api/files/${id(fileId)}`),
      archive: (ids: string[]) => client.blob('POST', '/api/files/archive', { body: { ids } }),
      contentUrl: (fileId: string, download = false) =>
        client.authedUrl(`/api/files/${id(fileId)}/content`, download ? { download: 1 } : undefined),
      thumbnailUrl: (fileId: string) => client.authedUrl(`/api/files/${id(fileId)}/thumbnail`),
    },
    videos: {
      create: (input: CreateVideoJobInput) => client.post<QueuedVideoJob>('/api/videos/jobs', input),
      get: (jobId: string) => client.get<VideoJob>(`/api/videos/jobs/${id(jobId)}`),
      list: (query: { limit?: number; cursor?: string } = {}) =>
        client.get<Page<VideoJob>>('/api/videos/jobs', { query }),
      cancel: (jobId: string) => client.post<VideoJob | undefined>(`/api/videos/jobs/${id(jobId)}/cancel`),
    },
    subscriptions: {
      list: () => client.get<Page<Subscription> | Subscription[]>('/api/subscriptions').then(itemsOf),
      create: (input: SubscriptionInput) => client.post<CreatedSubscription>('/api/subscriptions', input),
      update: (subscriptionId: string, patch: SubscriptionPatch) =>
        client.patch<Subscription>(`/api/subscriptions/${id(subscriptionId)}`, patch),
      remove: (subscriptionId: string) => client.delete(`/api/subscriptions/${id(subscriptionId)}`),
      runNow: (subscriptionId: string) =>
        client.post<{ downloadId: string }>(`/api/subscriptions/${id(subscriptionId)}/run`),
      runs: (subscriptionId: string) =>
        client
          .get<Page<SubscriptionRun> | SubscriptionRun[]>(`/api/subscriptions/${id(subscriptionId)}/runs`)
          .then(itemsOf),
    },
    notifications: {
      targets: () =>
        client.get<Page<NotificationTarget> | NotificationTarget[]>('/api/notifications/targets').then(itemsOf),
      create: (input: NotificationTargetInput) =>
        client.post<CreatedNotificationTarget>('/api/notifications/targets', input),
      remove: (targetId: string) => client.delete(`/api/notifications/targets/${id(targetId)}`),
      test: (targetId: string) =>
        client.post<{ deliveryId: string }>(`/api/notifications/targets/${id(targetId)}/test`),
      deliveries: (targetId?: string) =>
        client
          .get<Page<NotificationDelivery> | NotificationDelivery[]>(
            `/api/notifications/deliveries?limit=50${targetId ? `&targetId=${id(targetId)}` : ''}`,
          )
          .then(itemsOf),
    },
    system: {
      health: () => client.get<HealthReport>('/api/health'),
      details: () => client.get<SystemReport>('/api/system'),
    },
    eventsUrl: () => client.authedUrl('/api/events'),
  };
}

export type HubApi = ReturnType<typeof createHubApi>;

/** List endpoints answer `{items, nextCursor}`; tolerate a bare array too. */
export function itemsOf<T>(page: Page<T> | T[]): T[] {
  return Array.isArray(page) ? page : page.items;
}

function unwrapFile(value: HubFile | { file: HubFile }): HubFile {
  return 'file' in value && typeof value.file === 'object' ? value.file : (value as HubFile);
}
