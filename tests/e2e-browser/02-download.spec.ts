/** Chapter 2: paste a profile link on the dashboard, see it queued, and watch the queue take it to done. */
import { expect, test, type Locator } from '@playwright/test';
import { CREATOR, CREATOR_PROFILE_FILES, CREATOR_URL } from './fixture.js';
import { expectAccessiblePage } from './support/a11y.js';
import { openSignedIn } from './support/hub-api.js';
import { expectOneRowHeader } from './support/layout.js';
import { expectNoPageErrors, openChapter, type Chapter } from './support/journey.js';
import { screenshotPage } from './support/screens.js';

test.describe.configure({ mode: 'serial' });

interface ProgressSample {
  status: string;
  percent: number | null;
  filesDone: number;
  filesTotal: number;
}

/** What one download row shows right now. */
async function progressSample(row: Locator): Promise<ProgressSample> {
  return row.evaluate((element) => {
    const text = (testId: string) => element.querySelector(`[data-testid="${testId}"]`)?.textContent ?? '';
    const files = /(\d+) of (\d+) files?/.exec(text('download-progress-text'));
    const percent = /^(\d+)%$/.exec(text('download-percent'));
    return {
      status: element.getAttribute('data-status') ?? 'none',
      percent: percent ? Number(percent[1]) : null,
      filesDone: files ? Number(files[1]) : 0,
      filesTotal: files ? Number(files[2]) : 0,
    };
  });
}

/** While running, the percent never runs ahead of the files actually done (byte totals grow as files start). */
function expectPercentWithinFiles(sample: ProgressSample): void {
  if (sample.status !== 'running' || sample.filesTotal <= 1 || sample.percent === null) return;
  expect(sample.percent, JSON.stringify(sample)).toBeLessThanOrEqual(
    Math.floor((100 * sample.filesDone) / sample.filesTotal),
  );
}

let chapter: Chapter;
test.beforeAll(async ({ browser, playwright }) => {
  chapter = await openChapter(browser, playwright);
  await openSignedIn(chapter.page, await chapter.api());
});
test.afterAll(async () => chapter.close());
test.afterEach(() => expectNoPageErrors(chapter));

test('the dashboard recognises a pasted profile link and queues it', async () => {
  const { page } = chapter;
  const form = page.getByTestId('download-form');
  await expectAccessiblePage(page, form.getByRole('button', { name: 'Download' }));

  await form.getByLabel('Link to download').fill(CREATOR_URL);
  await expect(page.getByTestId('url-kind-hint')).toHaveText(`Detected: Instagram profile @${CREATOR}`);
  await expect(form.getByRole('checkbox', { name: 'Posts', exact: true })).toBeChecked();
  await expect(form.getByRole('checkbox', { name: 'Reels' })).toBeChecked();
  await form.getByRole('button', { name: 'Download' }).click();

  await expect(page.getByTestId('download-queued')).toHaveText(`Queued: ${CREATOR_URL}`);
  // While it runs the navigation counts it, and the header still fits one row at desktop width.
  await expect(page.getByRole('navigation', { name: 'Main' }).getByLabel('1 active')).toHaveText('1');
  await expectOneRowHeader(page);
  await expect(form.getByLabel('Link to download')).toHaveValue('');
  const recent = page.getByRole('list', { name: 'Recent downloads' }).getByTestId('download-row');
  await expect(recent).toHaveCount(1);
  // Named by the profile, linking to its page in the hub (the pasted link is its title).
  await expect(recent.getByRole('link', { name: `@${CREATOR}` })).toHaveAttribute('href', `/profiles/${CREATOR}`);
  await expect(recent.getByTestId('download-title')).toHaveAttribute('title', CREATOR_URL);
  expectPercentWithinFiles(await progressSample(recent));
  await screenshotPage(page, 'dashboard');
});

test('the queue shows the download progressing live to done, 100%, with its files', async () => {
  const { page } = chapter;
  // In-app navigation, no reload: every change of the row from here on arrives over the live event stream.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Queue/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Queue', level: 1 })).toBeVisible();
  const row = page.getByRole('list', { name: 'Downloads' }).getByTestId('download-row');
  await expect(row).toHaveCount(1);
  const samples: ProgressSample[] = [];
  await expect
    .poll(
      async () => {
        const sample = await progressSample(row);
        samples.push(sample);
        return sample.status;
      },
      { timeout: 75_000, intervals: [250], message: 'the download row reaches completed' },
    )
    .toBe('completed');
  expect(
    samples.every((sample) => ['queued', 'running', 'completed'].includes(sample.status)),
    JSON.stringify(samples),
  ).toBe(true);
  samples.forEach(expectPercentWithinFiles);

  await expect(row.getByTestId('job-status')).toHaveText('Done');
  await expect(row.getByTestId('download-percent')).toHaveText('100%');
  await expect(row.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await expect(row.getByTestId('download-progress-text')).toContainText(
    `${CREATOR_PROFILE_FILES} of ${CREATOR_PROFILE_FILES} files`,
  );
  await expect(row.getByTestId('download-files-link')).toHaveText(`View ${CREATOR_PROFILE_FILES} files`);
  await expect(page.getByRole('tab', { name: /^Failed/ })).toHaveText('Failed (0)');
  await expectAccessiblePage(page, page.getByRole('button', { name: 'Refresh' }));
  await screenshotPage(page, 'queue');

  // The files really are in the library, with the post captions.
  const files = await (await chapter.api()).files({ username: CREATOR });
  expect(files).toHaveLength(CREATOR_PROFILE_FILES);
});
