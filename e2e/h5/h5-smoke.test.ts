import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import type { LocalCloud } from '../../emulator/index';
import { startDemoCloud, type DemoCloud } from './demo-cloud';
import { hasChromium, launchChromium, phoneContext, screenshotPath, warnIfNoChromium } from './browser';
import type { TDemoIdentity as Identity } from '../../types/demo';

/**
 * H5 smoke test: the built H5 app served by the local cloud (demo data), in Chromium. Log in as a
 * demo identity, see the home page with the member fetched by `member.me`; then a brand-new WeChat
 * user sees the binding prompt and the binding form. Screenshots go to e2e/screenshots/.
 * Needs `npm run build:h5` and `npm run build:functions` first (npm test runs them).
 */
warnIfNoChromium('H5 smoke test');
const describeBrowser = hasChromium ? describe : describe.skip;

describeBrowser('H5 smoke (dist/h5 on the local cloud, Chromium)', () => {
  let cloud: LocalCloud;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let demo: DemoCloud | undefined;
  let identities: Identity[] = [];
  const fnRequests: { url: string; openid: string | undefined; body: unknown }[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    demo = await startDemoCloud('smoke', { functions: ['member'] });
    cloud = demo.cloud;
    identities = (await (await fetch(cloud.url + '/__identities')).json()) as Identity[];

    browser = await launchChromium();
    context = await phoneContext(browser);
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('request', (r: Request) => {
      if (new URL(r.url()).pathname.startsWith('/fn/')) {
        fnRequests.push({
          url: new URL(r.url()).pathname,
          openid: r.headers()['x-openid'],
          body: r.postDataJSON(),
        });
      }
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await demo?.stop();
  });

  it('lists demo identities grouped by branch, and entering as one shows home with member.me', async () => {
    const who =
      identities.find((i) => i.status === 'active' && i.branchName && i.roles.includes('secretary')) ??
      identities.find((i) => i.status === 'active' && i.branchName);
    expect(who).toBeDefined();
    if (!who) return;

    await page.goto(cloud.url + '/#/pages/login/index');
    await page.locator('.ui-card__title', { hasText: '以演示身份进入' }).waitFor();
    await page.getByText(who.name, { exact: true }).first().waitFor();
    await expect(page.getByText(who.branchName!, { exact: true }).count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('h5-login'), fullPage: false });

    await page.getByText(who.name, { exact: true }).first().click();
    await page.getByText(`${who.name}，你好`).waitFor({ timeout: 20_000 });
    await page.getByText(who.branchName!, { exact: true }).first().waitFor();
    await page.getByText('近期活动').waitFor();
    // The activity list settles into a list, the empty state, or a Chinese error; never a blank.
    await page.locator('.state-view--loading').first().waitFor({ state: 'detached', timeout: 20_000 });
    await page.screenshot({ path: screenshotPath('h5-home'), fullPage: true });

    const meCalls = fnRequests.filter(
      (r) => r.url === '/fn/member' && (r.body as { action?: string }).action === 'me',
    );
    expect(meCalls.length).toBeGreaterThan(0);
    expect(meCalls.every((r) => r.openid === who.openid)).toBe(true);
    expect(await page.evaluate(() => location.hash)).toMatch(/^#\/pages\/index\/index/);

    // 我的 (tab bar): profile with roles; a secretary sees the way into the secretary subpackage.
    await page.locator('.weui-tabbar__label', { hasText: '我的' }).click();
    await page.locator('.ui-card__title', { hasText: '个人信息' }).waitFor();
    await page.getByText(who.name, { exact: true }).first().waitFor();
    if (who.roles.includes('secretary')) await page.getByText('支部管理', { exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath('h5-me'), fullPage: true });

    if (who.roles.includes('secretary')) {
      await page.getByText('支部管理', { exact: true }).click();
      await page.locator('.ui-card__title', { hasText: '我的支部' }).waitFor();
      await page.locator('.secretary__branch-name', { hasText: who.branchName! }).waitFor();
      await page.locator('.state-view--loading').first().waitFor({ state: 'detached', timeout: 20_000 });
      await page.locator('.taro_page.taro_page_stationed[id^="/secretary/"]').waitFor({ state: 'attached' });
      await page.screenshot({ path: screenshotPath('h5-secretary'), fullPage: true });
    }
    expect(pageErrors).toEqual([]);
  });

  it('a new WeChat user is asked to bind and gets the binding form with the branch list', async () => {
    // As a demo user would: back from the secretary page to 我的 → 切换演示身份 → 新用户进入.
    // Taro's H5 router hides the previous page on a 300 ms timer: going back before the push
    // animation has settled leaves the tab page hidden (a Taro race no person is fast enough to hit).
    await page.locator('.taro_page.taro_page_stationed[id^="/secretary/"]').waitFor({ state: 'attached' });
    await page.goBack();
    await page.locator('.weui-tabbar__label', { hasText: '我的' }).click();
    await page.getByText('切换演示身份').click();
    await page.getByText('新用户进入').click();
    await page.getByText('去绑定').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: screenshotPath('h5-unbound'), fullPage: true });

    await page.getByText('去绑定').click();
    await page.locator('.ui-card__title', { hasText: '填写花名册信息' }).waitFor();
    await page.getByText('请选择（可不选）').waitFor(); // branches loaded via member.listBranches
    // Submitting empty fields is refused in the page, in Chinese, without a request.
    const before = fnRequests.length;
    await page.getByText('提交绑定申请').click();
    await page.getByText('请填写姓名').waitFor();
    expect(fnRequests.slice(before).some((r) => (r.body as { action?: string }).action === 'bind')).toBe(
      false,
    );
    await page.screenshot({ path: screenshotPath('h5-bind'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('an admin reaches the admin subpackage and sees every branch', async () => {
    const admin = identities.find((i) => i.roles.includes('admin'));
    if (!admin) {
      console.warn('[h5-smoke] no admin among the demo identities: admin page not checked');
      return;
    }
    const branches = (await (
      await fetch(cloud.url + '/fn/member', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-openid': admin.openid },
        body: JSON.stringify({ action: 'listBranches' }),
      })
    ).json()) as { ok: boolean; data: { items: { name: string }[]; total: number } };
    expect(branches.ok).toBe(true);

    const ctx = await phoneContext(browser);
    const p = await ctx.newPage();
    p.on('pageerror', (e) => pageErrors.push(String(e)));
    try {
      await p.goto(cloud.url + '/#/pages/login/index');
      await p.getByText(admin.openid, { exact: true }).click();
      await p.locator('.home__name', { hasText: admin.name }).waitFor({ timeout: 20_000 });
      await p.locator('.weui-tabbar__label', { hasText: '我的' }).click();
      await p.getByText('全校支部', { exact: true }).click();
      await p.getByText(`共 ${branches.data.total} 个支部`).waitFor({ timeout: 20_000 });
      for (const b of branches.data.items) {
        await p.getByText(b.name, { exact: true }).filter({ visible: true }).first().waitFor();
      }
      // Screenshot once the push animation has settled (not half-way over the previous page).
      await p.locator('.taro_page.taro_page_stationed[id^="/admin/"]').waitFor({ state: 'attached' });
      await p.screenshot({ path: screenshotPath('h5-admin'), fullPage: true });
      expect(pageErrors).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
