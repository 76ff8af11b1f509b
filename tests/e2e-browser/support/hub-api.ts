/**
 * The hub's public API as seen by a spec: sign in, read what the UI claims, and set up preconditions when a spec
 * file runs on its own (the files of the journey normally run in order on one hub).
 */
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN, CREATOR, CREATOR_PROFILE_FILES, CREATOR_URL } from '../fixture.js';

const REFRESH_TOKEN_KEY = 'smh.refreshToken';

export interface HubFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  duration?: number | null;
  width?: number | null;
  height?: number | null;
  source?: { platform?: string; username?: string; caption?: string | null; url?: string | null } | null;
}

async function json<T>(response: Awaited<ReturnType<APIRequestContext['get']>>, what: string): Promise<T> {
  if (!response.ok()) throw new Error(`${what}: HTTP ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

export class HubApi {
  private constructor(
    private readonly request: APIRequestContext,
    private readonly accessToken: string,
    readonly refreshToken: string,
  ) {}

  /** Creates the administrator on a fresh hub (what the first-run page does), then signs in as it. */
  static async signIn(request: APIRequestContext): Promise<HubApi> {
    const status = await json<{ hasUsers: boolean }>(await request.get('/api/auth/status'), 'auth status');
    if (!status.hasUsers)
      await json(await request.post('/api/auth/register', { data: ADMIN }), 'register the administrator');
    const login = await json<{ accessToken: string; refreshToken: string }>(
      await request.post('/api/auth/login', { data: ADMIN }),
      'login',
    );
    return new HubApi(request, login.accessToken, login.refreshToken);
  }

  private get headers(): Record<string, string> {
    return { authorization: `Bearer ${this.accessToken}` };
  }

  get<T>(path: string): Promise<T> {
    return this.request.get(path, { headers: this.headers }).then((response) => json<T>(response, `GET ${path}`));
  }

  post<T>(path: string, data: unknown): Promise<T> {
    return this.request
      .post(path, { headers: this.headers, data })
      .then((response) => json<T>(response, `POST ${path}`));
  }

  patch<T>(path: string, data: unknown): Promise<T> {
    return this.request
      .patch(path, { headers: this.headers, data })
      .then((response) => json<T>(response, `PATCH ${path}`));
  }

  /** POST that returns the raw answer (for refusals: status and `{error}` body). */
  async postRaw(
    path: string,
    data: unknown,
  ): Promise<{ status: number; body: { error?: { code: string; message: string } } }> {
    const response = await this.request.post(path, { headers: this.headers, data });
    return {
      status: response.status(),
      body: (await response.json()) as { error?: { code: string; message: string } },
    };
  }

  async files(query: Record<string, string>): Promise<HubFile[]> {
    const page = await this.get<{ items: HubFile[] }>(`/api/files?${new URLSearchParams({ limit: '100', ...query })}`);
    return page.items;
  }

  async file(id: string): Promise<HubFile> {
    return (await this.get<{ file: HubFile }>(`/api/files/${encodeURIComponent(id)}`)).file;
  }

  /**
   * Waits until every file has its thumbnail: video posters are made by a background analysis after the download
   * completes (404 THUMBNAIL_NOT_READY until then), and the library shows a placeholder for a missing one.
   */
  async waitForThumbnails(files: readonly HubFile[]): Promise<void> {
    for (const file of files) {
      await expect
        .poll(
          async () =>
            (
              await this.request.head(`/api/files/${encodeURIComponent(file.id)}/thumbnail`, { headers: this.headers })
            ).status(),
          {
            timeout: 60_000,
            message: `thumbnail of ${file.name}`,
          },
        )
        .toBe(200);
    }
  }

  /** Downloads the creator's profile through the API unless the library already holds it (a spec run alone). */
  async ensureCreatorDownloaded(): Promise<HubFile[]> {
    let files = await this.files({ username: CREATOR });
    if (files.length >= CREATOR_PROFILE_FILES) return files;
    const queued = await this.post<{ id: string }>('/api/downloads', { url: CREATOR_URL, include: ['posts', 'reels'] });
    await expect
      .poll(async () => (await this.get<{ status: string }>(`/api/downloads/${queued.id}`)).status, {
        timeout: 60_000,
        message: 'profile download',
      })
      .toBe('completed');
    files = await this.files({ username: CREATOR });
    return files;
  }
}

/**
 * Opens the UI signed in as the administrator: the refresh token goes where the web UI keeps it. It is stored from
 * a page of the hub's origin that runs no app code (the health JSON): a web UI page still starting up could read
 * and spend the token itself, and the UI's own load would then present a used token (the hub ends that sign-in).
 */
export async function openSignedIn(page: Page, api: HubApi, path = '/'): Promise<void> {
  await page.goto('/api/health');
  await page.evaluate(([key, token]) => localStorage.setItem(key!, token!), [REFRESH_TOKEN_KEY, api.refreshToken]);
  await page.goto(path);
  await expect(page.getByTestId('current-user')).toHaveText(ADMIN.username);
}
