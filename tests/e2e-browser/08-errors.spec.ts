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

test("an unsupported site is refused with the API's 400 message in words", async () => {
  const { page } = chapter;
  const url = 'https://www.youtube.com/watch?v=e2e';
  const answer = await submitLink(url);
  expect(answer.status).toBe(400);
  expect(answer.message).toContain('is not supported');

  const error = page.getByTestId('download-error-message');
  await expect(error).toHaveText(answer.message);
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(error).not.toContainText('{');
  await expect(error).not.toContainText('UNSUPPORTED_URL');
  await expect(page.getByTestId('download-queued')).toHaveText('');
  await expect(page.getByTestId('download-form').getByLabel('Link to download')).toHaveValue(url);
  await screenshotPage(page, 'dashboard-error');
});

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
  let posted = 0;
  page.on('request', (request) => {
    if (request.url().endsWith('/api/downloads') && request.method() === 'POST') posted += 1;
  });
  const form = page.getByTestId('download-form');
  await form.getByLabel('Link to download').fill('ftp://files.example.com/video.mp4');
  await expect(page.getByTestId('url-kind-hint')).toHaveText('Only http and https links can be downloaded.');
  await form.getByRole('button', { name: 'Download' }).click();
  await expect(form.getByLabel('Link to download')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('.field-error')).toHaveText('Only http and https links can be downloaded.');
  await expect(page.getByTestId('download-error-message')).toHaveCount(0);
  expect(posted).toBe(0);
});
