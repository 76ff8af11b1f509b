/** Chapter 1: a fresh hub asks for its administrator; sign out; sign in again. */
import { expect, test } from '@playwright/test';
import { ADMIN } from './fixture.js';
import { expectAccessiblePage } from './support/a11y.js';
import { expectNoPageErrors, openChapter, type Chapter } from './support/journey.js';
import { screenshotPage } from './support/screens.js';

test.describe.configure({ mode: 'serial' });

let chapter: Chapter;
test.beforeAll(async ({ browser, playwright }) => {
  chapter = await openChapter(browser, playwright);
});
test.afterAll(async () => chapter.close());
test.afterEach(() => expectNoPageErrors(chapter));

test('a fresh hub asks for the administrator account and refuses a bad one', async () => {
  const { page } = chapter;
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Welcome! Create the administrator account' })).toBeVisible();
  const form = page.getByTestId('setup-form');
  await expectAccessiblePage(page, form.getByRole('button', { name: 'Create administrator account' }));
  await screenshotPage(page, 'setup');

  await form.getByLabel('Username').fill(ADMIN.username);
  await form.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await form.getByLabel('Confirm password').fill(`${ADMIN.password} typo`);
  await form.getByRole('button', { name: 'Create administrator account' }).click();
  await expect(form.getByLabel('Confirm password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('heading', { name: 'Welcome! Create the administrator account' })).toBeVisible();

  await form.getByLabel('Confirm password').fill(ADMIN.password);
  await form.getByRole('button', { name: 'Create administrator account' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveText(ADMIN.username);
  await expect(page.getByRole('link', { name: 'Admin' })).toBeVisible();
});

test('signs out, refuses a wrong password and signs in again', async () => {
  const { page } = chapter;
  await page.getByRole('button', { name: 'Sign out' }).click();
  const form = page.getByTestId('sign-in-form');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveCount(0);
  await expectAccessiblePage(page, form.getByRole('button', { name: 'Sign in' }));
  await screenshotPage(page, 'sign-in');

  await form.getByLabel('Username').fill(ADMIN.username);
  await form.getByLabel('Password').fill('not the password');
  await form.getByRole('button', { name: 'Sign in' }).click();
  const error = page.getByTestId('auth-error');
  await expect(error).toBeVisible();
  await expect(error).not.toContainText('{');

  await form.getByLabel('Password').fill(ADMIN.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toHaveText(ADMIN.username);

  // A reload keeps the user signed in (the refresh token survives in the browser).
  await page.reload();
  await expect(page.getByTestId('current-user')).toHaveText(ADMIN.username);
});
