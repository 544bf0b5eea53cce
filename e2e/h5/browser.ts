import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// scripts/chromium.cjs is the one place that decides the path (CHROMIUM_PATH, else /usr/bin/chromium)
// and whether a missing one fails (CI, CHROMIUM_REQUIRED=1) or skips.
const chromiumCfg = require('../../scripts/chromium.cjs') as {
  chromiumPath(): string;
  chromiumAvailable(p?: string): boolean;
  chromiumRequired(): boolean;
};

/**
 * Debian's Chromium driven by playwright-core (never `playwright install`: no downloads here).
 * Without the networking flags the closed network floods it with refused connections (TOOLCHAIN).
 */
export const CHROMIUM = chromiumCfg.chromiumPath();
const available = chromiumCfg.chromiumAvailable(CHROMIUM);
/**
 * Run the browser suites: Chromium is there, or it is required (CI) — then a missing one fails them
 * in launchChromium() instead of skipping.
 */
export const hasChromium = available || chromiumCfg.chromiumRequired();
export const SCREENSHOTS = path.resolve(__dirname, '../screenshots');

export function warnIfNoChromium(suite: string): void {
  if (available) return;
  console.warn(
    hasChromium
      ? `\n\n!!! ${suite}: ${CHROMIUM} not found and Chromium is required here (CI / CHROMIUM_REQUIRED): these tests FAIL. !!!\n\n`
      : `\n\n!!! ${suite}: BROWSER TESTS SKIPPED — ${CHROMIUM} not found. ` +
          'Install Debian `chromium` (CI does) or set CHROMIUM_PATH. These tests are counted as skipped, not passed. !!!\n\n',
  );
}

export async function launchChromium(): Promise<Browser> {
  if (!available)
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH (scripts/chromium.cjs)`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A phone-sized page (iPhone 12/13/14 CSS size), Chinese locale, Shanghai time. */
export async function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, name + '.png');
}

/** The H5 login screen's demo-identity form: enters as `openid` and waits for the home page. */
export async function enterAs(page: Page, url: string, openid: string): Promise<void> {
  await page.goto(url + '/#/pages/login/index');
  await page.locator('.ui-card__title', { hasText: '以演示身份进入' }).waitFor();
  await page.locator('input[placeholder="openid，例如 o_test_001"]').fill(openid);
  await page.getByText('以此 openid 进入').click();
  await page.waitForFunction(() => location.hash.startsWith('#/pages/index/index'));
}
