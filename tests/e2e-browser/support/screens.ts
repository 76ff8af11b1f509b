/** Screenshots of a page at the two widths the UI is designed for, into .tmp/screenshots/<page>-<width>.png. */
import path from 'node:path';
import type { Page } from '@playwright/test';

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../../.tmp/screenshots');

export const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

export const DESKTOP = VIEWPORTS[0];
export const PHONE = VIEWPORTS[1];

/**
 * The page at rest, from its top: no keyboard focus ring left over from a check, not scrolled (a sticky header of a
 * scrolled page would be painted mid-image), then two animation frames for layout and paint.
 */
async function settleLayout(page: Page): Promise<void> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
    return new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
  });
}

/** Images in or near the viewport have finished loading (lazy ones further down are not waited for). */
async function imagesSettled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    Array.from(document.images).every(
      (img) => img.complete || img.getBoundingClientRect().top > window.innerHeight * 2,
    ),
  );
}

/** Full-page screenshots at desktop and phone width; leaves the page at desktop size. Returns the files written. */
export async function screenshotPage(page: Page, name: string): Promise<string[]> {
  if (!/^[a-z0-9-]+$/.test(name))
    throw new Error(`screenshot name must be lower-case words with dashes, got "${name}"`);
  const written: string[] = [];
  try {
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      await settleLayout(page);
      await imagesSettled(page);
      const file = path.join(SCREENSHOT_DIR, `${name}-${viewport.width}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
      written.push(file);
    }
  } finally {
    await page.setViewportSize(DESKTOP);
  }
  return written;
}
