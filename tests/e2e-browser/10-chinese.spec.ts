/**
 * Chapter 10 (issue 21): switched to Simplified Chinese, every page shows no English UI text outside user content,
 * and nothing is clipped, at desktop and phone width. Screenshots: .tmp/screenshots/zh-<page>-<width>.png.
 */
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, CREATOR, CREATOR_POSTS, CREATOR_PROFILE, VIEWER } from './fixture.js';
import { openSignedIn } from './support/hub-api.js';
import { expectNoPageErrors, openChapter, type Chapter } from './support/journey.js';
import { expectTextNotClipped } from './support/layout.js';
import { screenshotPage, VIEWPORTS } from './support/screens.js';

test.describe.configure({ mode: 'serial' });

/**
 * Text that stays as it is in a Chinese UI: user content (names, captions, file names, addresses) and names of
 * products, formats and protocols. Everything else with two Latin letters in a row is untranslated UI text.
 */
const USER_CONTENT: readonly (string | RegExp)[] = [
  ADMIN.username,
  CREATOR,
  VIEWER,
  CREATOR_PROFILE.fullName ?? '',
  CREATOR_PROFILE.biography ?? '',
  ...CREATOR_POSTS.map((post) => post.caption ?? ''),
  'Lisbon, Portugal',
  /\b[\w.-]+\.(jpe?g|mp4|m4a|mp3|png|webp|zip|txt|sqlite)\b/gi, // file names
  /https?:\/\/\S+/g,
  /\b(image|video|audio)\/[\w.+-]+/g, // MIME types
  /@[\w.]+/g,
  /\bnasa\b/g, // the example handle in placeholders
  /\b[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\b/g,
  /\b[A-Za-z0-9_-]{11}\b(?=\s|$)/g, // Instagram shortcodes
];
const PRODUCT_WORDS = [
  'Social Media Hub',
  'Instagram',
  'FFmpeg',
  'yt-dlp',
  'Webhook',
  'ntfy',
  'Gotify',
  'Discord',
  'Slack',
  'Telegram',
  'SMTP',
  'TLS',
  'HTTP',
  'JSON',
  'POST',
  'API',
  'ZIP',
  'CRF',
  'Cron',
  'Cookie',
  'sessionid',
  'Firefox',
  'Bearer',
  'English',
  'curl',
  'Authorization',
  'H.264',
  'X-SMH-Signature',
  'kB',
  'MB',
  'GB',
  'api-gateway',
  'account-service',
  'download-service',
  'file-service',
  'scheduler-service',
  'video-service',
];
/** Whole texts that are identifiers, not words: the queue names in the admin's queue table. */
const IDENTIFIERS = new Set(['downloads', 'media', 'videos']);

/** Visible text (and accessible names, titles, placeholders) with two Latin letters in a row left after the allowed. */
async function englishLeft(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const visible = (element: Element) => {
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      return style.visibility !== 'hidden' && style.display !== 'none' && (box.width > 0 || box.height > 0);
    };
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('script, style, option, code, pre, .visually-hidden')) continue;
      if (visible(parent) && node.textContent?.trim()) found.push(node.textContent.trim());
    }
    for (const element of document.querySelectorAll('[aria-label], [title], [placeholder]'))
      if (visible(element))
        for (const name of ['aria-label', 'title', 'placeholder']) {
          const value = element.getAttribute(name);
          if (value) found.push(value);
        }
    return found;
  });
  return texts
    .map((text) => {
      let rest = text;
      for (const allowed of USER_CONTENT)
        rest = typeof allowed === 'string' ? rest.split(allowed).join(' ') : rest.replace(allowed, ' ');
      for (const word of PRODUCT_WORDS) rest = rest.split(word).join(' ');
      return { text, rest };
    })
    .filter(({ text, rest }) => !IDENTIFIERS.has(text) && /[A-Za-z]{2,}/.test(rest))
    .map(({ text }) => text);
}

let chapter: Chapter;
let fileId = '';
test.beforeAll(async ({ browser, playwright }) => {
  chapter = await openChapter(browser, playwright);
  const api = await chapter.api();
  const files = await api.ensureCreatorDownloaded();
  await api.waitForThumbnails(files);
  fileId = files.find((file) => file.mime.startsWith('image/') && !file.name.startsWith('profile_pic'))?.id ?? '';
  await openSignedIn(chapter.page, api, '/');
});
test.afterAll(async () => {
  // Leave the administrator in English for the chapters that run after this one.
  await (await chapter.api()).patch('/api/auth/me', { locale: null });
  await chapter.close();
});
test.afterEach(() => expectNoPageErrors(chapter));

test('the switcher turns the UI Chinese and the choice survives a reload', async () => {
  const { page } = chapter;
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByTestId('language-switcher').selectOption('zh-CN');
  await expect(page.getByRole('link', { name: '媒体库' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.reload();
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
});

const PAGES: ReadonlyArray<{ name: string; path: () => string }> = [
  { name: 'dashboard', path: () => '/' },
  { name: 'queue', path: () => '/queue' },
  { name: 'library', path: () => '/library' },
  { name: 'file', path: () => `/library/${fileId}` },
  { name: 'profile', path: () => `/profiles/${CREATOR}` },
  { name: 'videos', path: () => '/videos' },
  { name: 'subscriptions', path: () => '/subscriptions' },
  { name: 'notifications', path: () => '/notifications' },
  { name: 'sessions', path: () => '/sessions' },
  { name: 'account', path: () => '/account' },
  { name: 'admin', path: () => '/admin' },
  { name: 'not-found', path: () => '/no-such-page' },
];

for (const { name, path } of PAGES) {
  test(`${name}: no English UI text and nothing clipped at 1280 and 390 px`, async () => {
    const { page } = chapter;
    await page.goto(path());
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      expect(await englishLeft(page), `English left on ${name} at ${viewport.width} px`).toEqual([]);
      await expectTextNotClipped(page.locator('button:visible, a.button:visible, .tab:visible, h1:visible'));
    }
    await screenshotPage(page, `zh-${name}`);
  });
}

test('the sign-in page speaks Chinese before anyone signs in', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${new URL(chapter.page.url()).origin}/`);
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    expect(await englishLeft(page)).toEqual([]);
  }
  await screenshotPage(page, 'zh-sign-in');
  await context.close();
});
