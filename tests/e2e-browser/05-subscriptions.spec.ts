/** Chapter 5: follow the creator every 6 hours; "Run now" starts a run that shows up in the history. */
import { expect, test } from '@playwright/test';
import { CREATOR } from './fixture.js';
import { expectAccessiblePage } from './support/a11y.js';
import { openSignedIn } from './support/hub-api.js';
import { expectNoPageErrors, openChapter, type Chapter } from './support/journey.js';
import { screenshotPage } from './support/screens.js';

test.describe.configure({ mode: 'serial' });

let chapter: Chapter;
test.beforeAll(async ({ browser, playwright }) => {
  chapter = await openChapter(browser, playwright);
  await openSignedIn(chapter.page, await chapter.api(), '/subscriptions');
});
test.afterAll(async () => chapter.close());
test.afterEach(() => expectNoPageErrors(chapter));

test('a subscription to the profile every 6 hours is created and listed', async () => {
  const { page } = chapter;
  await expect(page.getByRole('heading', { name: 'Subscriptions', level: 1 })).toBeVisible();
  await expect(page.getByTestId('empty-state')).toContainText('No subscriptions yet');
  const form = page.getByTestId('subscription-form');
  await expectAccessiblePage(page, form.getByRole('button', { name: 'Create subscription' }));

  await form.getByLabel('Profile to follow').fill(CREATOR);
  await form.getByRole('radio', { name: 'Every interval' }).check();
  await form.getByRole('textbox', { name: 'Interval' }).fill('6h');
  await expect(form.getByRole('checkbox', { name: 'Enabled' })).toBeChecked();
  await form.getByRole('button', { name: 'Create subscription' }).click();

  await expect(page.getByTestId('subscription-created')).toContainText(`Now following`);
  await expect(page.getByTestId('subscription-created')).toContainText(CREATOR);
  const item = page.getByTestId('subscription-item');
  await expect(item).toHaveCount(1);
  await expect(item.getByRole('heading', { level: 3 })).toContainText(CREATOR);
  await expect(item).toHaveAttribute('data-enabled', 'true');
  await expect(item).toContainText('Every 6 hours');
  await expect(item).toContainText('Posts, Reels');
  await expect(item.getByText('Next run')).toBeVisible();

  const api = await chapter.api();
  const stored = await api.get<
    { items?: Array<{ schedule: { every?: string } }> } | Array<{ schedule: { every?: string } }>
  >('/api/subscriptions');
  const list = Array.isArray(stored) ? stored : (stored.items ?? []);
  expect(list.map((s) => s.schedule)).toEqual([{ every: '6h' }]);
});

test('"Run now" starts a run that appears in the history and completes', async () => {
  const { page } = chapter;
  const item = page.getByTestId('subscription-item');
  const target = (await item.getByRole('heading', { level: 3 }).textContent())!;
  await item.getByRole('button', { name: `Run now for ${target}` }).click();
  await expect(item.getByRole('status').filter({ hasText: 'Run started' })).toHaveText(
    'Run started; follow it in the Queue.',
  );

  const history = item.getByRole('button', { name: `History of ${target}` });
  const runs = item.getByRole('table').getByRole('row').filter({ hasText: '(run now)' });
  // The history is read when opened: reopen it until the run has finished.
  await expect(async () => {
    if ((await history.getAttribute('aria-expanded')) === 'true') await history.click();
    await history.click();
    await expect(runs).toHaveCount(1, { timeout: 3_000 });
    await expect(runs.getByRole('cell').nth(1)).toHaveText('completed (run now)', { timeout: 1_000 });
  }).toPass({ timeout: 60_000, intervals: [1_000] });
  await expect(runs.getByRole('cell').nth(2)).toHaveText(/^\d+$/);
  await expect(runs.getByRole('cell').nth(3)).toHaveText('');
  await screenshotPage(page, 'subscriptions');
});

test('a profile Instagram does not know is refused with a clear message, and nothing is added', async () => {
  const { page } = chapter;
  const form = page.getByTestId('subscription-form');
  const before = await page.getByTestId('subscription-item').count();
  await form.getByLabel('Profile to follow').fill('https://www.instagram.com/no_such_e2e_profile/');
  await form.getByRole('button', { name: 'Create subscription' }).click();
  await expect(form.getByTestId('subscription-error')).toContainText('Instagram has no profile @no_such_e2e_profile');
  await expect(form.getByTestId('subscription-error')).not.toContainText('(target:');
  await expect(page.getByTestId('subscription-item')).toHaveCount(before);
  await expect(form.getByLabel('Profile to follow')).toHaveValue('https://www.instagram.com/no_such_e2e_profile/');
});
