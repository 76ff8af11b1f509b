/**
 * The named site through the web UI (issue 17): the fake PeerTube answers as https://framatube.org at a
 * public-looking address inside this run's private network namespace (run.ts), and the hub's SSRF guard is on.
 * A video URL pasted on the dashboard is checked by yt-dlp, completes in the queue named by its title and uploader,
 * is in the library under its platform with the bytes the site served, and plays on its file page, which links
 * the video's page. Then the channel is followed from the Subscriptions page: a run finds nothing new, and after a
 * new upload on the site the next run stores exactly that upload, which the library then shows.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Locator } from '@playwright/test';
import { PEERTUBE_ADDRESS } from '../../conformance/sites/peertube-scenarios.js';
import type { FakePeerTubeChannel, FakePeerTubeVideo } from '../../fakes/peertube/model.js';
import { type FakePeerTube, PEERTUBE_REAL_HOST, startFakePeerTube } from '../../fakes/peertube/server.js';
import { expectAccessiblePage } from '../support/a11y.js';
import { type HubApi, type HubFile, openSignedIn } from '../support/hub-api.js';
import { expectNoPageErrors, openChapter, type Chapter } from '../support/journey.js';
import { expectNoSidewaysScroll } from '../support/layout.js';
import { screenshotPage, VIEWPORTS } from '../support/screens.js';

test.describe.configure({ mode: 'serial' });

const ACCOUNT = { name: 'harbour_crew', displayName: 'Harbour Crew' };
const CHANNEL = 'harbour_films';
const FIRST_TITLE = 'Seals resting at low tide';
const NEW_TITLE = 'Ferry leaving the harbour at dawn';
const SITE_PLATFORM = 'peertube';
const YTDLP_HINT = 'the hub checks it for videos with yt-dlp';

let chapter: Chapter;
let site: FakePeerTube;
let channel: FakePeerTubeChannel;
let first: FakePeerTubeVideo;
let videoUrl: string;
const channelUrl = `https://${PEERTUBE_REAL_HOST}/c/${CHANNEL}/videos`;

/** The addresses of a video's page on the site: /w/<short UUID> or /videos/watch/<short UUID or UUID>. */
const videoPage = (video: FakePeerTubeVideo) =>
  new RegExp(
    `^https://${PEERTUBE_REAL_HOST.replaceAll('.', '\\.')}/(w|videos/watch)/(${video.shortUUID}|${video.uuid})$`,
  );

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

async function siteFiles(api: HubApi): Promise<HubFile[]> {
  return api.files({ platform: SITE_PLATFORM });
}

test.beforeAll(async ({ browser, playwright }) => {
  const tlsDir = process.env['E2E_SITE_TLS_DIR'];
  if (!tlsDir) {
    throw new Error(
      'E2E_SITE_TLS_DIR is not set: the named-site specs run inside their network namespace, ' +
        'started by `node --import tsx tests/e2e-browser/named-site/run.ts` (as root).',
    );
  }
  const [key, cert] = await Promise.all([
    readFile(path.join(tlsDir, 'leaf.key')),
    readFile(path.join(tlsDir, 'leaf.pem')),
  ]);
  site = await startFakePeerTube({ realHost: { key, cert, address: PEERTUBE_ADDRESS } });
  site.store.addAccount(ACCOUNT.name, ACCOUNT.displayName);
  channel = site.addChannel(ACCOUNT.name, CHANNEL, 'Harbour films');
  first = site.addVideo(channel, { name: FIRST_TITLE, durationSec: 2 });
  videoUrl = `https://${PEERTUBE_REAL_HOST}/w/${first.shortUUID}`;
  chapter = await openChapter(browser, playwright);
  await openSignedIn(chapter.page, await chapter.api());
});
test.afterAll(async () => {
  await chapter?.close();
  await site?.close();
});
test.afterEach(() => expectNoPageErrors(chapter));

test('a framatube.org video pasted on the dashboard is checked with yt-dlp and queued; a loopback page is refused', async () => {
  const { page } = chapter;
  const form = page.getByTestId('download-form');
  const input = form.getByLabel('Link to download');
  await input.fill(videoUrl);
  await expect(page.getByTestId('url-kind-hint')).toContainText(`Page on ${PEERTUBE_REAL_HOST}: ${YTDLP_HINT}`);
  await expect(form.getByLabel('Instagram session (optional)')).toHaveCount(0);
  await expectAccessiblePage(page, form.getByRole('button', { name: 'Download' }));
  await screenshotPage(page, 'peertube-dashboard-hint');
  await form.getByRole('button', { name: 'Download' }).click();
  await expect(page.getByTestId('download-queued')).toHaveText(`Queued: ${videoUrl}`);

  // The same hub refuses a page on its own loopback: its SSRF guard is on, and framatube.org passes it only
  // because its address is public-looking.
  await input.fill('http://127.0.0.1:9/clip.html');
  await form.getByRole('button', { name: 'Download' }).click();
  await expect(page.getByTestId('download-error-message')).toContainText(
    'Refusing to connect to "127.0.0.1": it resolves to the private or loopback address 127.0.0.1',
  );
});

test('the queue takes it to done, named by its title, platform and uploader, linking the video page', async () => {
  const { page } = chapter;
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Queue/ })
    .click();
  const row = page
    .getByRole('list', { name: 'Downloads' })
    .getByTestId('download-row')
    .filter({ has: page.locator(`a[data-testid="download-title"][href="${videoUrl}"]`) });
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-status', 'completed', { timeout: 45_000 });
  await expect(row.getByTestId('download-percent')).toHaveText('100%');
  await expect(row.getByTestId('download-title')).toHaveText(FIRST_TITLE);
  await expect(row.getByTestId('download-origin')).toHaveText(`PeerTube · ${ACCOUNT.displayName}`);
  await expect(page.getByRole('tab', { name: /^Failed/ })).toHaveText('Failed (0)');
  const api = await chapter.api();
  await api.waitForThumbnails(await siteFiles(api));
  await page.reload();
  await expect(row.locator('img.job-preview')).toHaveCount(1);
  await screenshotPage(page, 'peertube-queue');
});

test('the library holds it under PeerTube, byte-exact, and its file page plays it and links the video page', async () => {
  const { page } = chapter;
  const api = await chapter.api();
  const stored = await siteFiles(api);
  expect(stored).toHaveLength(1);
  const [file] = stored as [HubFile];
  // The page yt-dlp names as the video's (its canonical /videos/watch/ form of the pasted /w/ link).
  const pageUrl = file.source?.url ?? '';
  expect(pageUrl).toMatch(videoPage(first));
  const record = await api.get<{ file: { sha256: string } }>(`/api/files/${file.id}`);
  expect(record.file.sha256, 'the stored file is the one framatube.org served').toBe(
    await sha256(await site.filePath(first)),
  );

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Library/ })
    .click();
  const filters = page.getByRole('search', { name: 'Library filters' });
  await filters.getByLabel('Platform').selectOption({ label: 'PeerTube' });
  await expect(page).toHaveURL(/[?&]platform=peertube(&|$)/);
  const cards = page.getByTestId('file-card');
  await expect(cards).toHaveCount(1);
  await expect(cards).toHaveAttribute('data-file-id', file.id);
  await screenshotPage(page, 'peertube-library');

  await cards.getByRole('link').first().click();
  const details = page.getByRole('main');
  await expect(details.getByText(FIRST_TITLE).first()).toBeVisible();
  await expect(rowOf(details, 'Platform')).toHaveText('PeerTube');
  await expect(rowOf(details, 'Uploader')).toHaveText(ACCOUNT.displayName);
  await expect(page.getByTestId('file-page-link')).toHaveAttribute('href', pageUrl);
  const video = page.getByTestId('video-player');
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { message: 'the video plays' })
    .toBeGreaterThan(0);
  const playback = await video.evaluate((v: HTMLVideoElement) => ({
    duration: v.duration,
    width: v.videoWidth,
    error: v.error?.message ?? null,
  }));
  expect(playback).toMatchObject({ error: null, width: first.files[0]?.width });
  expect(playback.duration).toBeCloseTo(first.durationSec, 0);
  await video.evaluate((v: HTMLVideoElement) => v.pause());
  // The page's long address wraps inside the details box at both widths.
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await expectNoSidewaysScroll(page);
  }
  await screenshotPage(page, 'peertube-file');
});

/** The value beside a label in the file page's metadata list. */
function rowOf(scope: Locator, label: string): Locator {
  return scope.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
}

test('the channel followed from the Subscriptions page: nothing new, then exactly a new upload', async () => {
  const { page } = chapter;
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Subscriptions/ })
    .click();
  const form = page.getByTestId('subscription-form');
  await form.getByLabel('Profile to follow').fill(channelUrl);
  await form.getByRole('button', { name: 'Create subscription' }).click();
  await expect(page.getByTestId('subscription-created')).toContainText('Now following');
  const item = page.getByTestId('subscription-item');
  await expect(item).toHaveCount(1);
  await expect(item.getByRole('heading', { level: 3 })).toContainText(`${PEERTUBE_REAL_HOST}/c/${CHANNEL}/videos`);

  // A new subscription also runs by itself soon (within its jitter), so the history may hold a scheduled run beside
  // ours, and one of two overlapping runs is skipped: what counts is that every run has finished and how many new
  // files they stored together.
  const runs = item
    .getByRole('table')
    .getByRole('row')
    .filter({ has: page.getByRole('cell') });
  const history = item.getByRole('button', { name: `History of ${channelUrl}` });
  const runNowAndWait = async (runsNow: number): Promise<number[]> => {
    await item.getByRole('button', { name: `Run now for ${channelUrl}` }).click();
    await expect(item.getByRole('status').filter({ hasText: 'Run started' })).toBeVisible();
    let newFiles: number[] = [];
    // The history is read when opened: reopen it until our runs are listed and every run has finished.
    await expect(async () => {
      if ((await history.getAttribute('aria-expanded')) === 'true') await history.click();
      await history.click();
      await expect(runs.first()).toBeVisible({ timeout: 2_000 });
      const rows = await runs.evaluateAll((elements) =>
        elements.map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent ?? '')),
      );
      expect(rows.filter((cells) => cells[1]?.endsWith('(run now)'))).toHaveLength(runsNow);
      // A run that finds another one of the same subscription under way is skipped (and stores nothing).
      expect(rows.map((cells) => cells[1])).toEqual(rows.map(() => expect.stringMatching(/^(completed|skipped)\b/)));
      // A skipped run shows no count.
      newFiles = rows.map((cells) => Number(cells[2]?.trim() || '0'));
    }).toPass({ timeout: 45_000, intervals: [500] });
    return newFiles;
  };
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

  // Everything on the channel is archived already: nothing new.
  expect(sum(await runNowAndWait(1))).toBe(0);

  const upload = site.addVideo(channel, { name: NEW_TITLE, durationSec: 2 });
  const afterUpload = await runNowAndWait(2);
  expect(sum(afterUpload), `new files per run, newest first: ${afterUpload.join(', ')}`).toBe(1);
  // The channel's address in the notice and on the card wraps at both widths.
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await expectNoSidewaysScroll(page);
  }
  await screenshotPage(page, 'peertube-subscription');

  const api = await chapter.api();
  const stored = await siteFiles(api);
  const added = stored.filter((file) => !videoPage(first).test(file.source?.url ?? ''));
  expect(added).toHaveLength(1);
  expect(added[0]?.source?.url).toMatch(videoPage(upload));
  const record = await api.get<{ file: { sha256: string } }>(`/api/files/${added[0]?.id}`);
  expect(record.file.sha256).toBe(await sha256(await site.filePath(upload)));

  await page.goto('/library?platform=peertube');
  await expect(page.getByTestId('file-card')).toHaveCount(2);
  await expect(page.locator(`[data-testid="file-card"][data-file-id="${added[0]?.id}"]`)).toBeVisible();
  await page.goto(`/library?platform=peertube&q=${encodeURIComponent('ferry')}`);
  await expect(page.getByTestId('file-card')).toHaveCount(1);
  await expect(page.getByTestId('file-card')).toHaveAttribute('data-file-id', added[0]?.id ?? '');
  await screenshotPage(page, 'peertube-library-new-upload');
});
