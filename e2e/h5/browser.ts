import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { LocalCloud } from '../../emulator/index';
import { startDemoCloud, type DemoCloud } from './demo-cloud';

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

/**
 * Every page of `ctx` starts as `openid` without the login page: the identity is written where the
 * H5 app keeps it (miniprogram/services/identity.ts, in Taro's storage format) before the app loads.
 * Also for an openid the login page's list does not hold (a WeChat user who never bound).
 */
export async function storeIdentity(ctx: BrowserContext, openid: string): Promise<void> {
  await ctx.addInitScript((id) => {
    if (location.protocol.startsWith('http'))
      localStorage.setItem('localcloud.openid', JSON.stringify({ data: id }));
  }, openid);
}

/**
 * The Taro page of `route` (path without the query) once it is shown and settled: visible, no
 * spinner left inside it and some text on it. Scoped to that page: Taro keeps the pages it came
 * from in the document.
 */
export async function shownPage(page: Page, route: string, timeout = 15_000): Promise<Locator> {
  const path = route.split('?')[0];
  const el = page.locator(`.taro_page[id^="/${path}"]`);
  await el.waitFor({ state: 'visible', timeout });
  await page.waitForFunction(
    (p) => {
      const e = document.querySelector(`.taro_page[id^="/${p}"]`) as HTMLElement | null;
      return !!e && e.querySelectorAll('.state-view--loading').length === 0 && e.innerText.trim().length > 0;
    },
    path,
    { timeout },
  );
  return el;
}

/** Where a phone stands (the browser's geolocation). */
export interface Geo {
  latitude: number;
  longitude: number;
  accuracy?: number;
}

/**
 * One browser-test file's world: a private local cloud with the demo data serving the H5 build,
 * Chromium, and phones signed in as demo users. Every file that walks through pages starts here, so
 * the sign-in, the page loads, the waits and the screenshots are the same everywhere.
 */
export interface H5Suite {
  cloud: LocalCloud;
  /** Uncaught errors on any phone of the suite: a test ends with `expect(suite.pageErrors).toEqual([])`. */
  pageErrors: string[];
  /**
   * A fresh phone (its own browser profile) entered as `openid` through the H5 login page: by typing
   * the openid, or with `pick` by tapping the demo identity in the list; with `stored`, without the
   * login page (`storeIdentity`) and on no page yet. `geo`: where it stands.
   */
  as(openid: string, opts?: { pick?: boolean; stored?: boolean; geo?: Geo }): Promise<Page>;
  /** A full load of `hash` (from about:blank: a bare hash change sometimes leaves Taro's router on the old page), settled. */
  open(page: Page, hash: string): Promise<void>;
  /** Until no spinner is left on the page. */
  settled(page: Page): Promise<void>;
  /** A screenshot to e2e/screenshots/<name>.png once Taro's page-slide animation (300 ms) is over. */
  shot(page: Page, name: string, opts?: { fullPage?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export async function startH5Suite(
  label: string,
  opts: { functions: string[]; env?: Record<string, string> },
): Promise<H5Suite> {
  const demo: DemoCloud = await startDemoCloud(label, opts);
  const url = demo.cloud.url;
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (e) {
    await demo.stop();
    throw e;
  }
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const settled = (page: Page) =>
    page.locator('.state-view--loading').first().waitFor({ state: 'detached', timeout: 20_000 });
  return {
    cloud: demo.cloud,
    pageErrors,
    async as(openid, { pick = false, stored = false, geo } = {}) {
      const ctx = await phoneContext(browser);
      contexts.push(ctx);
      if (geo) {
        await ctx.grantPermissions(['geolocation']);
        await ctx.setGeolocation(geo);
      }
      if (stored) await storeIdentity(ctx, openid);
      const page = await ctx.newPage();
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      if (stored) return page; // on no page yet: the test opens the one it needs
      if (pick) {
        await page.goto(url + '/#/pages/login/index');
        await page.locator('.ui-card__title', { hasText: '以演示身份进入' }).waitFor();
        await page.getByText(openid, { exact: true }).click();
        await page.waitForFunction(() => location.hash.startsWith('#/pages/index/index'));
      } else {
        await enterAs(page, url, openid);
      }
      return page;
    },
    async open(page, hash) {
      await page.goto('about:blank');
      await page.goto(`${url}/#${hash}`);
      await page.waitForTimeout(300);
      await settled(page);
    },
    settled,
    async shot(page, name, { fullPage = true } = {}) {
      await page.waitForTimeout(700);
      await page.screenshot({ path: screenshotPath(name), fullPage });
    },
    async stop() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await demo.stop();
    },
  };
}
