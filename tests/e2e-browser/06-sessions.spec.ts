/** Chapter 6: add an Instagram session by its sessionid; it is active as the fake's user and unlocks stories. */
import { expect, test } from '@playwright/test';
import { CREATOR, CREATOR_STORIES, CREATOR_STORIES_URL, VIEWER, VIEWER_SESSIONID } from './fixture.js';
import { expectAccessiblePage } from './support/a11y.js';
import { openSignedIn } from './support/hub-api.js';
import { expectNoPageErrors, openChapter, type Chapter } from './support/journey.js';
import { screenshotPage } from './support/screens.js';

test.describe.configure({ mode: 'serial' });

let chapter: Chapter;
test.beforeAll(async ({ browser, playwright }) => {
  chapter = await openChapter(browser, playwright);
  await openSignedIn(chapter.page, await chapter.api(), '/sessions');
});
test.afterAll(async () => chapter.close());
test.afterEach(() => expectNoPageErrors(chapter));

test('a pasted sessionid becomes an active session of the Instagram user it belongs to', async () => {
  const { page } = chapter;
  await expect(page.getByRole('heading', { name: 'Instagram sessions', level: 1 })).toBeVisible();
  const form = page.getByTestId('sessionid-form');
  await expectAccessiblePage(page, form.getByRole('button', { name: 'Add session' }));

  const input = form.getByLabel('sessionid cookie value');
  await expect(input).toHaveAttribute('type', 'password');
  await input.fill(`sessionid=${VIEWER_SESSIONID}`);
  await form.getByRole('button', { name: 'Add session' }).click();

  await expect(page.getByTestId('session-notice')).toHaveText(`Session added for @${VIEWER} (active).`);
  await expect(input).toHaveValue('');
  const row = page.getByTestId('session-row');
  await expect(row).toHaveCount(1);
  await expect(row.locator('.job-title')).toHaveText(`@${VIEWER}`);
  await expect(row.locator('.badge')).toHaveText('active');
  // The secret never comes back to the browser.
  await expect(page.locator('body')).not.toContainText(VIEWER_SESSIONID);
  await screenshotPage(page, 'sessions');
});

test("with the session chosen, the dashboard downloads the creator's stories", async () => {
  const { page } = chapter;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  const form = page.getByTestId('download-form');
  await form.getByLabel('Link to download').fill(CREATOR_STORIES_URL);
  await expect(page.getByTestId('url-kind-hint')).toHaveText(`Detected: Instagram stories of @${CREATOR}`);
  await form.getByLabel('Instagram session (optional)').selectOption({ label: `@${VIEWER} (active)` });
  await form.getByRole('button', { name: 'Download' }).click();
  await expect(page.getByTestId('download-queued')).toHaveText(`Queued: ${CREATOR_STORIES_URL}`);

  const row = page
    .getByRole('list', { name: 'Recent downloads' })
    .getByTestId('download-row')
    .filter({ has: page.locator(`[title="${CREATOR_STORIES_URL}"]`) });
  await expect(row).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
  await expect(row.locator('.job-kind')).toHaveText('Stories');
  await expect(row.getByTestId('download-files-link')).toHaveText(`View ${CREATOR_STORIES} files`);
});
