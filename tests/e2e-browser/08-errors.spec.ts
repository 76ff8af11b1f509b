/** Chapter 8: links the hub cannot take are refused with the hub's own sentence, never raw JSON. */
import { expect, test } from '@playwright/test';
import { CREATOR_STORIES_URL } from './fixture.js';
import { openSignedIn } from './support/hub-api.js';
import { expectNoPageErrors, openChapter, type Chapter } from './support/journey.js';
import { screenshotPage } from './support/screens.js';

test.describe.configure({ mode: 'serial' });

let chapter: Chapter;
test.beforeAll(async ({ browser, playwright }) => {
  chapter = await openChapter(browser, playwright);
  await openSignedIn(chapter.page, await chapter.api(), '/');
});
test.afterAll(async () => chapter.close());
test.afterEach(() => expectNoPageErrors(chapter));

/** Submits a link on the dashboard; returns the POST /api/downloads answer the UI got. */
async function submitLink(url: string): Promise<{ status: number; message: string }> {
  const { page } = chapter;
  const form = page.getByTestId('download-form');
  await form.getByLabel('Link to download').fill(url);
  const answer = page.waitForResponse(
    (response) => response.url().endsWith('/api/downloads') && response.request().method() === 'POST',
  );
  await form.getByRole('button', { name: 'Download' }).click();
  const response = await answer;
  const body = (await response.json()) as { error: { message: string } };
  return { status: response.status(), message: body.error.message };
}

/** Counts the POST /api/downloads requests the page makes from now on. */
function countPosts(): () => number {
  let posted = 0;
  chapter.page.on('request', (request) => {
    if (request.url().endsWith('/api/downloads') && request.method() === 'POST') posted += 1;
  });
  return () => posted;
}

// Issue 15, bugs 6 and 7: the hint said "Detected: Direct file from www.tiktok.com" and the hub then refused the
// site; a refusal was shown twice (hint and error). The UI now uses the hub's own classifier and says it once.
// Issue 17: pages of other sites (TikTok, YouTube...) are no longer refused by the UI: the hub's yt-dlp probe decides.
test('a TikTok page is not called a direct file: the hint says the hub checks it', async () => {
  const { page } = chapter;
  const form = page.getByTestId('download-form');
  await form.getByLabel('Link to download').fill('https://www.tiktok.com/@someone/video/7300000000000000000');
  const hint = page.getByTestId('url-kind-hint');
  await expect(hint).toContainText('Page on www.tiktok.com: the hub checks it for videos with yt-dlp');
  await expect(hint).not.toContainText('Direct file');
  await form.getByLabel('Link to download').fill('');
});

for (const [url, reason] of [
  ['https://www.instagram.com/explore/tags/cats/', '"/explore/" pages are not supported.'],
  ['not a link at all', 'That is not a web address. Paste a full link such as https://www.instagram.com/nasa/.'],
] as const) {
  test(`${url} is refused before sending, with the hub's reason said once`, async () => {
    const { page } = chapter;
    const posts = countPosts();
    const form = page.getByTestId('download-form');
    await form.getByLabel('Link to download').fill(url);
    const hint = page.getByTestId('url-kind-hint');
    await expect(hint).toHaveText(reason);
    await expect(hint).not.toContainText('Detected');
    await form.getByRole('button', { name: 'Download' }).click();
    await expect(form.getByLabel('Link to download')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.locator('.field-error')).toHaveText(reason);
    await expect(form.getByText(reason, { exact: true })).toHaveCount(1);
    await expect(page.getByTestId('download-error-message')).toHaveCount(0);
    expect(posts()).toBe(0);
    if (url.includes('explore')) await screenshotPage(page, 'dashboard-error');
  });
}

test('stories without a session are refused with the reason', async () => {
  const { page } = chapter;
  const answer = await submitLink(CREATOR_STORIES_URL);
  expect(answer.status).toBe(400);
  expect(answer.message).toContain('only be downloaded with an Instagram session');
  await expect(page.getByTestId('download-error-message')).toHaveText(answer.message);
  await expect(page.getByTestId('download-error-message')).not.toContainText('{');
});

test('a link that is not http(s) is explained before anything is sent', async () => {
  const { page } = chapter;
  const posts = countPosts();
  const form = page.getByTestId('download-form');
  await form.getByLabel('Link to download').fill('ftp://files.example.com/video.mp4');
  const reason = 'The scheme "ftp" is not supported (use http or https).';
  await expect(page.getByTestId('url-kind-hint')).toHaveText(reason);
  await form.getByRole('button', { name: 'Download' }).click();
  await expect(form.getByLabel('Link to download')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('.field-error')).toHaveText(reason);
  await expect(form.getByText(reason, { exact: true })).toHaveCount(1);
  await expect(page.getByTestId('download-error-message')).toHaveCount(0);
  expect(posts()).toBe(0);
});
