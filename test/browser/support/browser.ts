// Debian's Chromium driven by playwright-core: headless, no network services, one browser per mocha process and a
// fresh context per suite.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
// The PostgreSQL server's run writes beside the embedded one's (npm test runs both at once), never over it.
const SCREENSHOTS = fileURLToPath(new URL(`../../../test-output/screenshots/${process.env.CRM_TEST_DB === 'postgres' ? 'postgres/' : ''}`, import.meta.url));

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

let shared: Promise<Browser> | undefined;

/** One Chromium per mocha process; each suite gets its own context (cookies, storage), as a fresh profile would. */
function browser(): Promise<Browser> {
  shared ??= chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return shared;
}

// Registered at the root of the run: once after every suite, whichever file loaded this module.
after(async () => {
  if (shared) await (await shared).close();
  shared = undefined;
});

export async function launchBrowser(width = 1280, height = 800): Promise<BrowserSession> {
  // Reduced motion, as a user may ask of their system: the app then turns antd's animations off, so a step waits for
  // the screen, never for a dialog's fade.
  const context = await (await browser()).newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' });
  const page = await context.newPage();
  return {
    context,
    page,
    close: () => context.close(),
  };
}

/** Saves a screenshot to test-output/screenshots/<name>.png for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // The picture shows the screen, not a passing toast (hidden while it is taken) or a half-drawn chart.
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled', style: '.ant-message { display: none !important; }' });
}
