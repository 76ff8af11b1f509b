/** Cheap accessibility smoke checks run on every page of the journey. */
import { expect, type Locator, type Page } from '@playwright/test';

const CONTROLS =
  'input:not([type=hidden]), select, textarea, button, a[href], video, audio, [role=button], [role=tab], [role=progressbar]';

/** Every visible control has a non-empty accessible name (computed by Playwright like a screen reader would). */
export async function expectNamedControls(page: Page): Promise<number> {
  const controls = page.locator(CONTROLS);
  let checked = 0;
  for (const control of await controls.all()) {
    if (!(await control.isVisible())) continue;
    const html = await control.evaluate((el) => el.outerHTML.slice(0, 160));
    await expect(control, `this control has no accessible name: ${html}`).toHaveAccessibleName(/\S/, {
      timeout: 2_000,
    });
    checked += 1;
  }
  expect(checked, 'the page shows no controls at all').toBeGreaterThan(0);
  return checked;
}

async function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement);
}

/** Pressing Tab from the top of the page reaches `target`: returns how many presses it took. */
export async function expectTabReaches(page: Page, target: Locator, maxPresses = 60): Promise<number> {
  await expect(target).toBeVisible();
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.locator('body').focus();
  for (let presses = 1; presses <= maxPresses; presses += 1) {
    await page.keyboard.press('Tab');
    if (await isFocused(target)) return presses;
  }
  const html = await target.evaluate((el) => el.outerHTML.slice(0, 160));
  throw new Error(`${maxPresses} presses of Tab never reached ${html}`);
}

/** Both checks of one page. */
export async function expectAccessiblePage(page: Page, mainAction: Locator): Promise<void> {
  await expectNamedControls(page);
  await expectTabReaches(page, mainAction);
}
