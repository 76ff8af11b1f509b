/**
 * Chapter 11 (issue 17): videos of other sites. A page with an HTML5 <video> and an HLS stream, served by the fake
 * video site on loopback (the e2e hub allows private addresses), are pasted on the dashboard: the hint says the hub
 * checks them with yt-dlp, the queue takes both to done, named by their titles with the page as the link, and the
 * library finds the files under the platform "generic".
 */
import { expect, test } from '@playwright/test';
import { startFakeVideoSite, type FakeVideoSite } from '../fakes/video-site/server.js';
import { expectAccessiblePage } from './support/a11y.js';
import { openSignedIn } from './support/hub-api.js';
import { expectNoPageErrors, openChapter, type Chapter } from './support/journey.js';
import { screenshotPage } from './support/screens.js';

test.describe.configure({ mode: 'serial' });

const YTDLP_HINT = 'the hub checks it for videos with yt-dlp';

let chapter: Chapter;
let site: FakeVideoSite;
let pageUrl: string;
let streamUrl: string;

test.beforeAll(async ({ browser, playwright }) => {
  site = await startFakeVideoSite();
  pageUrl = `${site.url}/video.html`;
  streamUrl = `${site.url}/hls/index.m3u8`;
  chapter = await openChapter(browser, playwright);
  await openSignedIn(chapter.page, await chapter.api());
});
test.afterAll(async () => {
  await chapter?.close();
  await site?.close();
});
test.afterEach(() => expectNoPageErrors(chapter));

test('the dashboard says a page and a stream are checked with yt-dlp, and queues both', async () => {
  const { page } = chapter;
  await page.goto('/');
  const form = page.getByTestId('download-form');
  const input = form.getByLabel('Link to download');
  const hint = page.getByTestId('url-kind-hint');

  await input.fill(streamUrl);
  await expect(hint).toContainText(`Page on 127.0.0.1: ${YTDLP_HINT}`);
  await form.getByRole('button', { name: 'Download' }).click();
  await expect(page.getByTestId('download-queued')).toHaveText(`Queued: ${streamUrl}`);

  await input.fill(pageUrl);
  await expect(hint).toContainText(`Page on 127.0.0.1: ${YTDLP_HINT}`);
  // An Instagram session means nothing to another site: the form does not offer one.
  await expect(form.getByLabel('Instagram session (optional)')).toHaveCount(0);
  await expectAccessiblePage(page, form.getByRole('button', { name: 'Download' }));
  await screenshotPage(page, 'site-dashboard-hint');
  await form.getByRole('button', { name: 'Download' }).click();
  await expect(page.getByTestId('download-queued')).toHaveText(`Queued: ${pageUrl}`);
});

test('the queue takes both to done, named by title and platform, linking the page', async () => {
  const { page } = chapter;
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Queue/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Queue', level: 1 })).toBeVisible();
  const rows = page.getByRole('list', { name: 'Downloads' }).getByTestId('download-row');
  for (const url of [pageUrl, streamUrl]) {
    const row = rows.filter({ has: page.locator(`a[data-testid="download-title"][href="${url}"]`) });
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-status', 'completed', { timeout: 90_000 });
    await expect(row.getByTestId('download-percent')).toHaveText('100%');
    await expect(row.getByText('Other site', { exact: true })).toBeVisible();
    // yt-dlp's generic extractor knows no uploader of a plain page or stream: the host says where it came from.
    await expect(row.getByTestId('download-origin')).toHaveText('Web page · 127.0.0.1');
    await expect(row.getByText(/@/)).toHaveCount(0);
  }
  // The HTML5 page is named by its <title> once its file arrived (yt-dlp numbers the page's videos: "… (1)"); the
  // link still opens the page.
  const pageRow = rows.filter({ has: page.locator(`a[data-testid="download-title"][href="${pageUrl}"]`) });
  await expect(pageRow.getByTestId('download-title')).toHaveText(/^A clip on a page\b/);
  await expect(page.getByRole('tab', { name: /^Failed/ })).toHaveText('Failed (0)');
  // Video posters are made after the download completes; the screenshot shows them, not placeholders.
  const api = await chapter.api();
  await api.waitForThumbnails(await api.files({ platform: 'generic' }));
  await page.reload();
  for (const url of [pageUrl, streamUrl]) {
    const row = rows.filter({ has: page.locator(`a[data-testid="download-title"][href="${url}"]`) });
    await expect(row.locator('img.job-preview')).toHaveCount(1);
  }
  await screenshotPage(page, 'site-queue');
});

test('the library finds both files under the platform "generic", kept in the address', async () => {
  const { page } = chapter;
  const api = await chapter.api();
  const generic = await api.files({ platform: 'generic' });
  expect(generic.map((file) => file.source?.url).sort()).toEqual([pageUrl, streamUrl].sort());
  await api.waitForThumbnails(generic);

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Library/ })
    .click();
  const filters = page.getByRole('search', { name: 'Library filters' });
  await filters.getByLabel('Platform').selectOption({ label: 'Web page' });
  await expect(page).toHaveURL(/[?&]platform=generic(&|$)/);
  const cards = page.getByTestId('file-card');
  await expect(cards).toHaveCount(2);
  await expect(
    cards.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-file-id')).sort()),
  ).resolves.toEqual(generic.map((file) => file.id).sort());

  // Only Instagram: none of them.
  await filters.getByLabel('Platform').selectOption('instagram');
  await expect(page).toHaveURL(/[?&]platform=instagram(&|$)/);
  await expect(cards.filter({ has: page.locator(`[data-file-id="${generic[0]?.id}"]`) })).toHaveCount(0);
  await expect(page.locator(`[data-testid="file-card"][data-file-id="${generic[0]?.id}"]`)).toHaveCount(0);

  await page.goto('/library?platform=generic');
  await expect(cards).toHaveCount(2);
  await expect(filters.getByLabel('Platform')).toHaveValue('generic');
  await screenshotPage(page, 'site-library');
});
