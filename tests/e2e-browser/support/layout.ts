/** Layout checks for problems a screenshot shows but the DOM alone does not: wrapping and clipped text. */
import { expect, type Locator, type Page } from '@playwright/test';

/** The app header keeps the brand, the navigation and the user box on one row. */
export async function expectOneRowHeader(page: Page): Promise<void> {
  const header = page.locator('header.app-header');
  const rows = await header.evaluate((element) => {
    const brand = element.querySelector('.brand')!.getBoundingClientRect();
    const user = element.querySelector('.user-box')!.getBoundingClientRect();
    return { brandMiddle: brand.top + brand.height / 2, userTop: user.top, userBottom: user.bottom };
  });
  expect(rows.brandMiddle, `the user box wrapped onto another row: ${JSON.stringify(rows)}`).toBeGreaterThan(
    rows.userTop,
  );
  expect(rows.brandMiddle, `the user box wrapped onto another row: ${JSON.stringify(rows)}`).toBeLessThan(
    rows.userBottom,
  );
}

/** Every element matched shows its whole text (no ellipsis, nothing cut off). */
export async function expectTextNotClipped(elements: Locator): Promise<void> {
  const clipped = await elements.evaluateAll((nodes) =>
    nodes.filter((node) => node.scrollWidth > node.clientWidth + 1).map((node) => node.textContent ?? ''),
  );
  expect(clipped, 'text cut off').toEqual([]);
}

/** Nothing sticks out sideways: the page is no wider than the viewport (a long unbroken address can widen it). */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
  }));
  expect(widths.page, `the page is wider than the viewport: ${JSON.stringify(widths)}`).toBeLessThanOrEqual(
    widths.viewport,
  );
}
