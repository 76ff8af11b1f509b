/**
 * Chapter 9: the newcomer's first hour (issue 15): a profile typed as @username, the files of one download, a
 * mistyped file address, trimming a clip, a made-up sessionid, the per-profile page, and a sign-in lockout.
 */
import { expect, test } from '@playwright/test';
import { ADMIN, CREATOR, MERGE_CLIPS } from './fixture.js';
import { HubApi, openSignedIn, type HubFile } from './support/hub-api.js';
import { expectNoPageErrors, hubBaseUrl, openChapter, type Chapter } from './support/journey.js';
import { DESKTOP, PHONE, screenshotPage } from './support/screens.js';

test.describe.configure({ mode: 'serial' });

let chapter: Chapter;
let creatorFiles: HubFile[] = [];
test.beforeAll(async ({ browser, playwright }) => {
  chapter = await openChapter(browser, playwright);
  const api = await chapter.api();
  creatorFiles = await api.ensureCreatorDownloaded();
  await openSignedIn(chapter.page, api, '/');
});
test.afterAll(async () => chapter.close());
test.afterEach(() => expectNoPageErrors(chapter));

async function completedDownload(body: Record<string, unknown>): Promise<{ id: string; fileIds: string[] }> {
  const api = await chapter.api();
  const queued = await api.post<{ id: string }>('/api/downloads', body);
  await expect
    .poll(async () => (await api.get<{ status: string }>(`/api/downloads/${queued.id}`)).status, { timeout: 60_000 })
    .toBe('completed');
  return api.get<{ id: string; fileIds: string[] }>(`/api/downloads/${queued.id}`);
}

test('a profile sent as @username shows as @username with its picture, linking inside the hub (bug 4)', async () => {
  const { page } = chapter;
  const download = await completedDownload({ url: `@${CREATOR}`, limit: 1 });
  await page.goto('/queue');
  const row = page.locator(`[data-testid="download-row"][data-download-id="${download.id}"]`);
  const title = row.getByTestId('download-title');
  await expect(title).toHaveText(`@${CREATOR}`);
  await expect(title).toHaveAttribute('href', `/profiles/${CREATOR}`);
  await expect(row.getByTestId('download-origin')).toHaveAttribute('href', `https://www.instagram.com/${CREATOR}/`);
  await expect(row.getByTestId('avatar')).toBeVisible();
  await screenshotPage(page, 'queue-first-hour');

  await title.click();
  await expect(page).toHaveURL(new RegExp(`/profiles/${CREATOR}$`));
  await expect(page.getByRole('heading', { name: `@${CREATOR}`, level: 1 })).toBeVisible();
  await expect(page.getByText('Page not found')).toHaveCount(0);
  await expect(page.getByTestId('profile-counts')).toContainText('posts');
  await expect(page.getByTestId('profile-posts').getByTestId('post-tile').first()).toBeVisible();
  await screenshotPage(page, 'profile');

  // The gallery's lightbox: arrow keys step through pictures, Escape closes.
  await page.getByTestId('profile-posts').getByTestId('post-tile').first().getByRole('link').click();
  const stage = page.getByTestId('lightbox-stage');
  await expect(page.getByRole('dialog')).toBeVisible();
  const first = await stage.getAttribute('data-file-id');
  await page.keyboard.press('ArrowRight');
  await expect(stage).not.toHaveAttribute('data-file-id', first ?? '');
  await page.keyboard.press('ArrowLeft');
  await expect(stage).toHaveAttribute('data-file-id', first ?? '');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('"View N files" on a download opens exactly that download\'s files, not the whole profile (bug 13)', async () => {
  const { page } = chapter;
  const codes = new Map<string, number>();
  for (const file of creatorFiles) {
    const code = file.source && 'code' in file.source ? (file.source as { code?: string }).code : undefined;
    if (code) codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  const carousel = [...codes.entries()].find(([, count]) => count > 1)?.[0];
  expect(carousel, 'a carousel post of the creator').toBeDefined();
  const download = await completedDownload({ url: `https://www.instagram.com/p/${carousel}/` });
  expect(download.fileIds.length).toBeGreaterThan(1);
  expect(download.fileIds.length).toBeLessThan(creatorFiles.length);

  await page.goto('/queue');
  const row = page.locator(`[data-testid="download-row"][data-download-id="${download.id}"]`);
  const link = row.getByTestId('download-files-link');
  await expect(link).toHaveText(`View ${download.fileIds.length} files`);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/library\\?download=${download.id}$`));
  await expect(page.getByTestId('download-filter')).toBeVisible();
  const cards = page.getByTestId('file-card');
  await expect(cards).toHaveCount(download.fileIds.length);
  const shown = await cards.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-file-id')));
  expect(shown.sort()).toEqual([...download.fileIds].sort());
});

test('a mistyped file address says "File not found", not the API validation message (bug 8)', async () => {
  const { page } = chapter;
  for (const address of ['/library/not-a-file', '/library/00000000-0000-4000-8000-000000000000']) {
    await page.goto(address);
    await expect(page.getByRole('heading', { name: 'File not found', level: 1 })).toBeVisible();
    await expect(page.locator('main')).not.toContainText('params.id');
    await expect(page.locator('main')).not.toContainText('Invalid request');
  }
  await screenshotPage(page, 'file-not-found');
});

test('a started trim job shows right under the button, and its output gets a thumbnail (bugs 1, 2, 14)', async () => {
  const { page } = chapter;
  const api = await chapter.api();
  const [clip] = await api.files({ q: MERGE_CLIPS[1].word, type: 'video' });
  expect(clip).toBeDefined();
  const refused = await api.postRaw('/api/videos/jobs', {
    operation: 'trim',
    inputs: [clip!.id],
    options: { startSec: 0, endSec: 99 },
  });
  expect(refused.status).toBe(400);
  expect(refused.body.error?.message).toMatch(/endSec 99 s is past the end of the input/);

  await page.goto(`/videos?files=${clip!.id}`);
  await page.getByRole('radio', { name: 'Trim' }).check();
  await page.getByLabel('Start', { exact: true }).fill('0');
  await page.getByLabel('End', { exact: true }).fill('1');
  // On a phone the clip picker stacks below the form: the job card used to land far below, out of sight.
  await page.setViewportSize(PHONE);
  await page.getByRole('button', { name: 'Start trim' }).click();
  const job = page.getByRole('list', { name: 'Jobs started here' }).getByTestId('video-job-row');
  await expect(job).toHaveCount(1);
  await expect(job).toBeInViewport();
  await page.setViewportSize(DESKTOP);
  await expect(job).toHaveAttribute('data-status', 'completed', { timeout: 75_000 });
  const jobId = await job.getAttribute('data-job-id');
  const stored = await api.get<{ outputFileIds: string[] }>(`/api/videos/jobs/${jobId}`);
  await api.waitForThumbnails([{ id: stored.outputFileIds[0]!, name: 'trim output', mime: 'video/mp4', size: 0 }]);
  await screenshotPage(page, 'video-trim-started');
});

test('a made-up sessionid is refused and not stored (bug 3)', async () => {
  const { page } = chapter;
  await page.goto('/sessions');
  // Count what the hub has, not what the page showed before its list arrived.
  const api = await chapter.api();
  const before = (await api.get<unknown[] | { items: unknown[] }>('/api/instagram/sessions')) as unknown;
  const stored = Array.isArray(before) ? before.length : (before as { items: unknown[] }).items.length;
  await expect(page.getByTestId('session-row')).toHaveCount(stored);
  const form = page.getByTestId('sessionid-form');
  await form.getByLabel('sessionid cookie value').fill('12345%3Amade-up-session%3A1');
  await form.getByRole('button', { name: 'Add session' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Instagram does not accept this session' })).toBeVisible();
  await expect(page.getByTestId('session-row')).toHaveCount(stored);
  await expect(page.locator('main')).not.toContainText('Unknown account');
});

test('after too many wrong passwords the wait is said in minutes and the signed-out notice gives way (bug 12)', async ({
  browser,
}) => {
  const context = await browser.newContext({ baseURL: hubBaseUrl(), viewport: DESKTOP });
  const page = await context.newPage();
  // Its own sign-in: the chapter's refresh token is in use by the chapter's page.
  await openSignedIn(page, await HubApi.signIn(chapter.request), '/');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByTestId('auth-notice')).toHaveText('You are signed out.');
  const form = page.getByTestId('sign-in-form');
  // Another username than the administrator's: the lockout counts per username (and per address, 30).
  await form.getByLabel('Username').fill(`${ADMIN.username}_typo`);
  const error = page.getByTestId('auth-error');
  for (let attempt = 0; attempt < 11; attempt += 1) {
    await form.getByLabel('Password').fill(`wrong password ${attempt}`);
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
    await form.getByRole('button', { name: 'Sign in' }).click();
    if ((await answered).status() === 429) break;
  }
  await expect(error).toHaveText(/^Too many sign-in attempts\. Try again in \d+ minutes\.$/);
  await expect(page.getByTestId('auth-notice')).toHaveCount(0);
  await page.setViewportSize(PHONE);
  await screenshotPage(page, 'sign-in-locked');
  await context.close();
});
