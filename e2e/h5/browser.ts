import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (never `playwright install`: no downloads here).
 * Without the networking flags the closed network floods it with refused connections (TOOLCHAIN).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
export const SCREENSHOTS = path.resolve(__dirname, '../screenshots');

export function warnIfNoChromium(suite: string): void {
  if (hasChromium) return;
  console.warn(
    `\n\n!!! ${suite}: BROWSER TESTS SKIPPED — ${CHROMIUM} not found. ` +
      'Install Debian `chromium` (CI does) or set CHROMIUM_PATH. These tests are counted as skipped, not passed. !!!\n\n',
  );
}

export async function launchChromium(): Promise<Browser> {
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
