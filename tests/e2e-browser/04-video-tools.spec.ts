/** Chapter 4: pick two clips, put them in order (drag, then the move buttons), merge, open the result. */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { MERGE_CLIPS } from './fixture.js';
import { expectAccessiblePage } from './support/a11y.js';
import { openSignedIn, type HubFile } from './support/hub-api.js';
import { expectTextNotClipped } from './support/layout.js';
import { expectNoPageErrors, openChapter, type Chapter } from './support/journey.js';
import { DESKTOP, PHONE, screenshotPage } from './support/screens.js';

test.describe.configure({ mode: 'serial' });

let chapter: Chapter;
/** The two library videos, in the order they are added: MERGE_CLIPS[0], MERGE_CLIPS[1]. */
let clips: HubFile[] = [];
test.beforeAll(async ({ browser, playwright }) => {
  chapter = await openChapter(browser, playwright);
  const api = await chapter.api();
  await api.ensureCreatorDownloaded();
  clips = await Promise.all(
    MERGE_CLIPS.map(async ({ word }) => {
      const found = await api.files({ q: word, type: 'video' });
      expect(found, `library videos with "${word}"`).toHaveLength(1);
      return found[0]!;
    }),
  );
  await openSignedIn(chapter.page, api, '/videos');
});
test.afterAll(async () => chapter.close());
test.afterEach(() => expectNoPageErrors(chapter));

function clipOrder(page: Page): Promise<(string | null)[]> {
  return page.getByTestId('clip-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-file-id')));
}

async function addFromPicker(picker: Locator, word: string, file: HubFile): Promise<void> {
  await picker.getByRole('searchbox', { name: 'Search videos by caption' }).fill(word);
  await picker.getByRole('button', { name: 'Search' }).click();
  const row = picker.getByTestId('picker-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-file-id', file.id);
  await row.getByRole('button', { name: `Add ${file.name}` }).click();
  await expect(row.getByRole('button', { name: `${file.name} added` })).toBeDisabled();
}

test('two clips are chosen from the library picker and put in order by dragging and with the buttons', async () => {
  const { page } = chapter;
  const [first, second] = clips as [HubFile, HubFile];
  await expect(page.getByRole('heading', { name: 'Video tools', level: 1 })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Merge' })).toBeChecked();
  const picker = page.getByRole('region', { name: 'Add clips from the library' });
  await expect(picker.getByTestId('picker-row').first()).toBeVisible();

  await addFromPicker(picker, MERGE_CLIPS[0].word, first);
  await addFromPicker(picker, MERGE_CLIPS[1].word, second);
  const list = page.getByRole('list', { name: 'Merge order' });
  await expect(list.getByTestId('clip-row')).toHaveCount(2);
  expect(await clipOrder(page)).toEqual([first.id, second.id]);

  // Drag the second clip onto the first: it takes first place.
  await list.getByTestId('clip-row').nth(1).dragTo(list.getByTestId('clip-row').nth(0));
  await expect.poll(() => clipOrder(page)).toEqual([second.id, first.id]);
  await expect(page.getByTestId('clip-announcement')).toHaveText(`${second.name} moved to position 1 of 2`);

  // The keyboard way: move the first clip back up, then down again; focus stays on the moved row's button.
  await page.getByRole('button', { name: `Move ${first.name} up` }).click();
  await expect.poll(() => clipOrder(page)).toEqual([first.id, second.id]);
  await expect(page.getByRole('button', { name: `Move ${first.name} down` })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(() => clipOrder(page)).toEqual([second.id, first.id]);
  await expect(page.getByTestId('clip-announcement')).toHaveText(`${first.name} moved to position 2 of 2`);

  await expectAccessiblePage(page, page.getByRole('button', { name: 'Start merge' }));
  // On a phone the two names (same date prefix) must stay whole to tell the clips apart.
  await page.setViewportSize(PHONE);
  await expectTextNotClipped(list.locator('.clip-name'));
  await page.setViewportSize(DESKTOP);
  await screenshotPage(page, 'video-tools');
});

test('the merge job completes, links to its result, and the result lasts as long as both clips', async () => {
  const { page } = chapter;
  const [first, second] = clips as [HubFile, HubFile];
  await page.getByRole('button', { name: 'Start merge' }).click();
  const job = page.getByRole('list', { name: 'Jobs started here' }).getByTestId('video-job-row');
  await expect(job).toHaveCount(1);
  await expect(job).toHaveAttribute('data-status', 'completed', { timeout: 75_000 });
  await expect(job.getByTestId('video-job-percent')).toHaveText('100%');
  await expect(job).toContainText('2 inputs');
  const result = job.getByTestId('video-job-result');
  await expect(result).toHaveText('Open result');
  await screenshotPage(page, 'video-merge-done');

  const api = await chapter.api();
  const jobId = await job.getAttribute('data-job-id');
  const stored = await api.get<{ inputs: string[]; outputFileIds: string[] }>(`/api/videos/jobs/${jobId}`);
  expect(stored.inputs, 'merged in the order shown').toEqual([second.id, first.id]);
  expect(stored.outputFileIds).toHaveLength(1);

  await result.click();
  await expect(page).toHaveURL(new RegExp(`/library/${stored.outputFileIds[0]}$`));
  const video = page.getByTestId('video-player');
  await expect(video).toBeVisible();
  const expected = MERGE_CLIPS[0].durationSec + MERGE_CLIPS[1].durationSec;
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.duration), { message: 'the merged video loads' })
    .toBeGreaterThan(0);
  expect(Math.abs((await video.evaluate((v: HTMLVideoElement) => v.duration)) - expected)).toBeLessThan(0.5);

  const merged = await api.file(stored.outputFileIds[0]!);
  expect(merged.mime).toBe('video/mp4');
  expect(merged.size).toBeGreaterThan(0);
  expect(Math.abs((merged.duration ?? 0) - expected), `merged duration ${merged.duration} vs ${expected}`).toBeLessThan(
    0.5,
  );
  await expect(page.getByRole('complementary', { name: 'File details' })).toContainText('Duration');
  await screenshotPage(page, 'merge-result');
});
