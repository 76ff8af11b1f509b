/**
 * One browser page and one API client per spec file, shared by its tests in order (serial mode), so each file is a
 * chapter of the user journey. Uncaught page errors fail the chapter.
 */
import { expect, type APIRequestContext, type Browser, type Page, type PlaywrightWorkerArgs } from '@playwright/test';
import { DESKTOP } from './screens.js';
import { HubApi } from './hub-api.js';

/** Set by playwright.config.ts (inherited by every worker). */
export function hubBaseUrl(): string {
  const port = process.env['E2E_PORT'];
  if (!port) throw new Error('E2E_PORT is not set: run the specs through tests/e2e-browser/playwright.config.ts');
  return `http://127.0.0.1:${port}`;
}

export interface Chapter {
  page: Page;
  /** Uncaught exceptions thrown in the page so far. */
  pageErrors: string[];
  /** Plain HTTP to the hub, no credentials. */
  request: APIRequestContext;
  /** Signed in as the administrator (created first if the hub has no users yet). */
  api(): Promise<HubApi>;
  close(): Promise<void>;
}

export async function openChapter(browser: Browser, playwright: PlaywrightWorkerArgs['playwright']): Promise<Chapter> {
  const baseURL = hubBaseUrl();
  const context = await browser.newContext({ baseURL, viewport: DESKTOP });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Deleting and revoking ask window.confirm(); the journey always means it.
  page.on('dialog', (dialog) => void dialog.accept());
  const request = await playwright.request.newContext({ baseURL });
  let api: Promise<HubApi> | undefined;
  return {
    page,
    pageErrors,
    request,
    api: () => (api ??= HubApi.signIn(request)),
    async close() {
      await context.close();
      await request.dispose();
    },
  };
}

export function expectNoPageErrors(chapter: Chapter): void {
  expect(chapter.pageErrors, 'uncaught errors in the page').toEqual([]);
}
