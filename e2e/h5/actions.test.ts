import type { Page, Route } from 'playwright-core';
import type { LocalCloud } from '../../emulator/index';
import { hasChromium, startH5Suite, warnIfNoChromium, type H5Suite } from './browser';
import { callFn } from './demo-cloud';

/**
 * A button that runs an action (hooks/useAction.ts) in Chromium on the H5 build, with the answer
 * held back or cut off by the browser so the in-between states can be seen: the export's progress
 * words on its button (a second tap sends nothing), a queue row's own spinner while the other rows
 * wait, a refusal in the action's own words (已有同名支部, nothing written), and a failed sign-up said
 * on that event's card only. Needs `npm run build:h5` and `npm run build:functions`.
 */
warnIfNoChromium('H5 actions');
const describeBrowser = hasChromium ? describe : describe.skip;

/** Holds the requests to `/fn/<fn>` whose action is `action` until `release()`; counts them. */
async function hold(page: Page, fn: string, action: string) {
  const held: Route[] = [];
  let seen = 0;
  let open = false;
  await page.route(`**/fn/${fn}`, async (route) => {
    const body = route.request().postDataJSON() as { action?: string } | null;
    if (body?.action !== action) return route.continue();
    seen++;
    if (open) return route.continue();
    held.push(route);
  });
  return {
    count: () => seen,
    /** until the first one is held */
    waitHeld: async () => {
      for (let i = 0; i < 200 && held.length === 0; i++) await page.waitForTimeout(50);
      expect(held.length).toBeGreaterThan(0);
    },
    release: async () => {
      open = true;
      for (const r of held.splice(0)) await r.continue();
    },
  };
}

describeBrowser('actions (useAction) on the H5 build, Chromium', () => {
  let suite: H5Suite;
  let cloud: LocalCloud;

  beforeAll(async () => {
    suite = await startH5Suite('actions', { functions: ['member', 'attendance', 'activity', 'volunteer'] });
    cloud = suite.cloud;
  }, 120_000);

  afterAll(() => suite?.stop());

  it('an export says what it is doing on its button and ignores a second tap', async () => {
    const page = await suite.as('demo-sec-1', { stored: true });
    await suite.open(page, '/secretary/pages/dashboard/index');
    await page.getByText('成员出勤率', { exact: false }).waitFor();
    const exporting = await hold(page, 'attendance', 'export');
    await page.getByText('导出 Excel').click();
    await exporting.waitHeld();
    const button = page.locator('.export .ui-button').first();
    await button.getByText('正在生成表格…').waitFor();
    await expect(button.locator('.ui-button__spinner').count()).resolves.toBe(1);
    await button.scrollIntoViewIfNeeded();
    await suite.shot(page, 'actions-export-progress', { fullPage: false });
    await expect(button.getAttribute('aria-disabled')).resolves.toBe('true');
    await button.click({ force: true }); // a second tap all the same
    await page.waitForTimeout(300);
    expect(exporting.count()).toBe(1);

    await exporting.release();
    await page.getByText('表格已生成').waitFor({ timeout: 30_000 });
    await expect(button.innerText()).resolves.toBe('导出 Excel');
    expect(exporting.count()).toBe(1);
    expect(suite.pageErrors).toEqual([]);
  });

  it("a queue row's button spins while its decision is sent; the other rows wait", async () => {
    const page = await suite.as('demo-sec-1', { stored: true });
    await suite.open(page, '/secretary/pages/queue/index');
    const cards = page.locator('.queue-card');
    await cards.first().waitFor({ timeout: 20_000 });
    const before = await cards.count();
    expect(before).toBeGreaterThan(1);
    const first = cards.first();
    const testId = (await first.getAttribute('data-testid'))!;
    const itemId = testId.replace(/^queue-item-/, '');
    const reviewing = await hold(page, 'attendance', 'review');
    await first.locator('.queue-card__actions .ui-button').last().click();
    await reviewing.waitHeld();
    await expect(first.locator('.ui-button__spinner').count()).resolves.toBe(1);
    // every other row's 通过 / 驳回 is disabled, without a spinner of its own
    await expect(cards.nth(1).locator('.ui-button--disabled').count()).resolves.toBe(2);
    await expect(cards.nth(1).locator('.ui-button__spinner').count()).resolves.toBe(0);
    await suite.shot(page, 'actions-queue-row-busy', { fullPage: false });

    await reviewing.release();
    await page.locator(`[data-testid="${testId}"]`).waitFor({ state: 'detached', timeout: 20_000 });
    await expect(cards.count()).resolves.toBe(before - 1);
    const me = await callFn<{ member: { branchId: string } }>(cloud, 'member', 'me', {}, 'demo-sec-1');
    const queue = await callFn<{ id: string }[]>(
      cloud,
      'attendance',
      'queue',
      { branchId: me.member.branchId },
      'demo-sec-1',
    );
    expect(queue.some((i) => i.id === itemId)).toBe(false);
    expect(reviewing.count()).toBe(1);
    expect(suite.pageErrors).toEqual([]);
  });

  it('a refusal in the action’s own words: a branch name already taken, nothing written', async () => {
    const page = await suite.as('demo-admin', { stored: true });
    await suite.open(page, '/admin/pages/branches/index');
    await page.getByText('共 8 个支部').waitFor({ timeout: 20_000 });
    await page.getByText('新建支部', { exact: true }).click();
    await page
      .locator('input[placeholder="例如：临床医学院内科学教研室党支部"]')
      .fill('临床医学院内科学教研室党支部');
    await page.getByText('保存', { exact: true }).click();
    await page.locator('.form__alert', { hasText: '已有同名支部' }).waitFor({ timeout: 20_000 });
    await expect(page.locator('.ui-button__spinner').count()).resolves.toBe(0);
    await suite.shot(page, 'actions-branch-conflict');
    const branches = await callFn<{ items: unknown[]; total: number }>(
      cloud,
      'member',
      'listBranches',
      {},
      'demo-admin',
    );
    expect(branches.items).toHaveLength(8);
    expect(branches.total).toBe(8);
    expect(suite.pageErrors).toEqual([]);
  });

  it('a sign-up cut off by the network is said on that event’s card only, and a retry goes through', async () => {
    const page = await suite.as('demo-m-2', { stored: true });
    await suite.open(page, '/volunteer/pages/events/index');
    const card = page.locator('.ui-card', { hasText: '社区义诊：儿童生长发育咨询' });
    await card.getByText('剩余名额').waitFor({ timeout: 20_000 });
    const seats = await card.locator('.vevents__left').innerText();
    await page.route('**/fn/volunteer', (route) =>
      (route.request().postDataJSON() as { action?: string } | null)?.action === 'signUp'
        ? route.abort('internetdisconnected')
        : route.continue(),
    );
    await card.getByText('报名', { exact: true }).click();
    await card.locator('.vevents__result--bad', { hasText: '网络连接失败' }).waitFor({ timeout: 20_000 });
    await expect(page.locator('.vevents__result').count()).resolves.toBe(1);
    await expect(card.locator('.vevents__left').innerText()).resolves.toBe(seats);
    await card.scrollIntoViewIfNeeded();
    await suite.shot(page, 'actions-signup-network-error', { fullPage: false });

    await page.unroute('**/fn/volunteer');
    await card.getByText('报名', { exact: true }).click();
    await card.locator('.vevents__result--ok', { hasText: '报名成功' }).waitFor({ timeout: 20_000 });
    await expect(page.locator('.vevents__result--bad').count()).resolves.toBe(0);
    await expect(card.locator('.vevents__left').innerText()).resolves.toBe(String(Number(seats) - 1));
    expect(suite.pageErrors).toEqual([]);
  });
});
