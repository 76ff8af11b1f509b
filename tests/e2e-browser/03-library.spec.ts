/** Chapter 3: find a photo by a caption word, see it full size; play a video streamed with HTTP Range. */
import { expect, test } from '@playwright/test';
import {
  CREATOR,
  CREATOR_PROFILE_FILES,
  CREATOR_VIDEO_FILES,
  MERGE_CLIPS,
  SEARCH_CAPTION,
  SEARCH_WORD,
} from './fixture.js';
import { expectAccessiblePage } from './support/a11y.js';
import { openSignedIn } from './support/hub-api.js';
import { expectNoPageErrors, openChapter, type Chapter } from './support/journey.js';
import { screenshotPage } from './support/screens.js';

test.describe.configure({ mode: 'serial' });

let chapter: Chapter;
test.beforeAll(async ({ browser, playwright }) => {
  chapter = await openChapter(browser, playwright);
  const api = await chapter.api();
  await api.waitForThumbnails(await api.ensureCreatorDownloaded());
  await openSignedIn(chapter.page, api, '/library');
});
test.afterAll(async () => chapter.close());
test.afterEach(() => expectNoPageErrors(chapter));

test('the library shows the downloaded profile with thumbnails', async () => {
  const { page } = chapter;
  await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible();
  const cards = page.getByTestId('file-card');
  await expect(cards).toHaveCount(CREATOR_PROFILE_FILES);
  await expect(page.locator('[data-testid="file-card"][data-kind="video"]')).toHaveCount(CREATOR_VIDEO_FILES);
  // Thumbnails are real images, not broken placeholders.
  const firstThumb = cards.first().locator('img.file-thumb');
  await expect
    .poll(() => firstThumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(0);
  await expect(page.locator('.file-thumb-missing')).toHaveCount(0);
  await expectAccessiblePage(page, page.getByRole('button', { name: 'Search' }));
  await screenshotPage(page, 'library');
});

test('on a phone, a day is as wide as its files, not its heading, so short days share a row', async () => {
  const { page } = chapter;
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await expect(page.getByTestId('file-card').first()).toBeVisible();
    const overhang = await page.locator('.library-day').evaluateAll((days) =>
      days.map((day) => {
        const box = day.getBoundingClientRect();
        const items = [...day.querySelectorAll(':scope > ul > li')].map((item) => item.getBoundingClientRect().right);
        return Math.round(box.right - Math.max(...items));
      }),
    );
    expect(overhang.length).toBeGreaterThan(1);
    for (const pixels of overhang) expect(pixels).toBeLessThanOrEqual(1);
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});

test(`searching captions for "${SEARCH_WORD}" finds the photo, shown full size with its metadata`, async () => {
  const { page } = chapter;
  await page.getByRole('searchbox', { name: 'Search captions' }).fill(SEARCH_WORD);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${SEARCH_WORD}`));
  const card = page.getByTestId('file-card');
  await expect(card).toHaveCount(1);
  await expect(card).toHaveAttribute('data-kind', 'image');
  await expect(card).toContainText(SEARCH_CAPTION);
  await screenshotPage(page, 'library-search');

  await card.getByRole('link').click();
  const photo = page.getByTestId('photo-full');
  await expect(photo).toBeVisible();
  await expect
    .poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
      message: 'the photo loads',
    })
    .toBeGreaterThan(0);
  const natural = await photo.evaluate((img: HTMLImageElement) => ({
    width: img.naturalWidth,
    height: img.naturalHeight,
  }));
  expect(natural).toEqual({ width: 1080, height: 1350 });
  await expect(photo).toHaveAttribute('alt', SEARCH_CAPTION);
  await expect(page.getByTestId('file-caption')).toHaveText(SEARCH_CAPTION);
  const details = page.getByRole('complementary', { name: 'File details' });
  await expect(details.getByRole('link', { name: `@${CREATOR}` })).toBeVisible();
  await expect(details).toContainText('1080 × 1350');
  await expectAccessiblePage(page, details.getByRole('link', { name: 'Download' }));
  await screenshotPage(page, 'file-photo');
});

test('a video plays in the browser, streamed with Range requests authorised by ?token=', async () => {
  const { page } = chapter;
  const word = MERGE_CLIPS[0].word;
  const ranged: number[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (
      /\/api\/files\/[^/]+\/content$/.test(url.pathname) &&
      url.searchParams.has('token') &&
      response.request().headers()['range']
    ) {
      ranged.push(response.status());
    }
  });
  await page.goto(`/library?q=${word}&type=video`);
  const card = page.getByTestId('file-card');
  await expect(card).toHaveCount(1);
  await expect(card).toHaveAttribute('data-kind', 'video');
  await card.getByRole('link').click();

  const video = page.getByTestId('video-player');
  await expect(video).toBeVisible();
  await expect(video).toHaveAttribute('src', /\/content\?token=/);
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { message: 'metadata loads' })
    .toBeGreaterThanOrEqual(1);
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { message: 'enough data to play' })
    .toBeGreaterThanOrEqual(2);
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { message: 'the video plays' })
    .toBeGreaterThan(0);
  const playback = await video.evaluate((v: HTMLVideoElement) => ({
    duration: v.duration,
    width: v.videoWidth,
    error: v.error?.message ?? null,
  }));
  expect(playback.error).toBeNull();
  expect(playback.width).toBeGreaterThan(0);
  expect(playback.duration).toBeCloseTo(MERGE_CLIPS[0].durationSec, 0);
  expect(ranged.length, 'the browser asked for byte ranges').toBeGreaterThan(0);
  expect(
    ranged.every((status) => status === 206),
    `range answers: ${ranged.join(', ')}`,
  ).toBe(true);

  await video.evaluate((v: HTMLVideoElement) => v.pause());
  await expectAccessiblePage(page, page.getByRole('link', { name: 'Send to video tools' }));
  await screenshotPage(page, 'file-video');
});
