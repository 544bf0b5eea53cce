import QRCode from 'qrcode';
import type { Page } from 'playwright-core';
import type { LocalCloud } from '../../emulator/index';
import { createSdkApp } from '../../emulator/sdk';
import { hasChromium, screenshotPath, startH5Suite, warnIfNoChromium, type H5Suite } from './browser';
import { callFn } from './demo-cloud';
import type { TDemoIdentity as Identity } from '../../types/demo';

/**
 * Check-in end to end in Chromium on the H5 build, against the seeded local cloud (issue 5): the
 * secretary opens the rotating-code display of the activity running now, a member "scans" it (opens
 * the URL the QR carries, `/#/pages/checkin/index?code=…`, as their identity), sees 签到成功, and the
 * display's count goes up. Screenshots (phone viewport) go to e2e/screenshots/checkin-*.png.
 */
warnIfNoChromium('H5 check-in test');
const describeBrowser = hasChromium ? describe : describe.skip;

const ACTIVITY = 'act-bingli-now';

describeBrowser('H5 check-in (dist/h5 on the seeded local cloud, Chromium)', () => {
  let suite: H5Suite;
  let cloud: LocalCloud;
  let secretary: Identity;
  let member: Identity;
  let offlineMember: Identity;

  const memberId = async (openid: string) =>
    (await callFn<{ member: { id: string } }>(cloud, 'member', 'me', undefined, openid)).member.id;

  /** A phone page acting as `openid` (the H5 app's local identity lives in localStorage). */
  const phoneAs = (openid: string): Promise<Page> => suite.as(openid, { stored: true });

  beforeAll(async () => {
    suite = await startH5Suite('h5-checkin', { functions: ['member', 'checkin', 'activity'] });
    cloud = suite.cloud;
    const ids = (await (await fetch(cloud.url + '/__identities')).json()) as Identity[];
    secretary = ids.find((i) => i.branchId === 'br-bingli' && i.roles.includes('secretary'))!;
    // A member of the branch whom the seed has not checked in yet.
    const db = createSdkApp(cloud.url, cloud.envId).database();
    const done = new Set(
      (
        (await db.collection('checkins').where({ activityId: ACTIVITY }).get()).data as { memberId: string }[]
      ).map((d) => d.memberId),
    );
    const fresh: Identity[] = [];
    for (const i of ids) {
      if (i.branchId !== 'br-bingli' || i.status !== 'active' || i.roles.join() !== 'member') continue;
      if (!done.has(await memberId(i.openid))) fresh.push(i);
    }
    [member, offlineMember] = fresh;
    expect(offlineMember).toBeDefined();
    expect(secretary).toBeDefined();
    expect(member).toBeDefined();
  }, 400_000);

  afterAll(async () => {
    await suite?.stop();
  });

  it('secretary shows the rotating QR; a member scans it and sees 签到成功; the count goes up', async () => {
    const display = await phoneAs(secretary.openid);
    await display.goto(`${cloud.url}/#/secretary/pages/display/index?id=${ACTIVITY}`);
    const qr = display.locator('.qr-view');
    await qr.waitFor({ timeout: 30_000 }).catch(async (e: unknown) => {
      await display.screenshot({ path: screenshotPath('checkin-display-failed'), fullPage: true });
      throw e;
    });
    const count = display.getByTestId('checkin-count');
    await expect(count.textContent()).resolves.toMatch(/^\d+$/);
    const before = Number(await count.textContent());
    await display.getByText('秒后刷新').waitFor();
    await display.screenshot({ path: screenshotPath('checkin-display'), fullPage: true });

    // What the QR carries: a link to the check-in page with the live code; the drawn modules match it.
    const url = (await qr.getAttribute('data-qr'))!;
    expect(url).toMatch(new RegExp(`^${cloud.url}/#/pages/checkin/index\\?code=r1\\.${ACTIVITY}\\.`));
    const runs = await display.locator('.qr-view__run').count();
    const m = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
    let expected = 0;
    for (let y = 0; y < m.size; y++)
      for (let x = 0; x < m.size; x++)
        if (m.data[y * m.size + x] && (x === 0 || !m.data[y * m.size + x - 1])) expected++;
    expect(runs).toBe(expected);

    // The member "scans": opens the QR's URL on their phone.
    const phone = await phoneAs(member.openid);
    await phone.goto(url);
    await phone.locator('.checkin__title', { hasText: '签到成功' }).waitFor({ timeout: 30_000 });
    await phone.getByText('主题党日').first().waitFor();
    await phone.screenshot({ path: screenshotPath('checkin-success'), fullPage: true });

    // Stored once, for this member and activity.
    const db = createSdkApp(cloud.url, cloud.envId).database();
    const stored = await db.collection('checkins').where({ activityId: ACTIVITY }).get();
    const records = stored.data as { memberId: string; status: string; method: string }[];
    expect(records).toHaveLength(before + 1);
    expect(records.filter((r) => r.status === 'approved' && r.method === 'rotating').length).toBe(before + 1);

    // The display's live count goes up (it polls every few seconds).
    await display.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="checkin-count"]')?.textContent) === n,
      before + 1,
      { timeout: 20_000 },
    );
    await display.screenshot({ path: screenshotPath('checkin-display-after'), fullPage: true });

    // Scanning the same QR again answers 已签到 (duplicate), no second record.
    await phone.goto(url);
    await phone.reload();
    await phone.locator('.checkin__title', { hasText: /已签到|签到成功/ }).waitFor({ timeout: 30_000 });
    const again = await db.collection('checkins').where({ activityId: ACTIVITY }).count();
    expect(again.total).toBe(before + 1);
    expect(suite.pageErrors).toEqual([]);
  });

  it('offline: the scan is kept (已记录，待上传) and uploaded with its scan time when the network is back', async () => {
    const data = await callFn<{ code: string }>(
      cloud,
      'activity',
      'displayCode',
      { activityId: ACTIVITY },
      secretary.openid,
    );
    const phone = await phoneAs(offlineMember.openid);
    await phone.goto(`${cloud.url}/#/pages/checkin/index`);
    await phone.getByText('现场签到').waitFor({ timeout: 30_000 });
    await phone.context().setOffline(true);
    const scannedAt = Date.now();
    await phone.locator('.checkin__input input').fill(data.code);
    await phone.getByText('提交签到码').click();
    await phone.locator('.checkin__title', { hasText: '已记录，待上传' }).waitFor({ timeout: 20_000 });
    await phone.getByText('有 1 条签到已记录').waitFor();
    await phone.screenshot({ path: screenshotPath('checkin-offline'), fullPage: true });
    const db = createSdkApp(cloud.url, cloud.envId).database();
    const id = `${ACTIVITY}:${await memberId(offlineMember.openid)}`;
    expect((await db.collection('checkins').doc(id).get()).data).toEqual([]);

    await phone.waitForTimeout(1500);
    await phone.context().setOffline(false);
    // The page uploads on its own when the network comes back; the button does the same by hand.
    await phone
      .getByText('立即上传')
      .click({ timeout: 3000 })
      .catch(() => undefined);
    await phone.locator('.checkin__title', { hasText: '签到成功' }).waitFor({ timeout: 20_000 });
    await phone.getByText('（离线记录已上传）').waitFor();
    const stored = (await db.collection('checkins').doc(id).get()).data[0] as {
      status: string;
      checkedInAt: number;
      evidence: { scanTimeSource: string; receivedAt: number };
    };
    expect(stored.status).toBe('approved');
    expect(stored.evidence.scanTimeSource).toBe('client');
    // judged at the scan time (the phone's claim), not at the later upload
    expect(Math.abs(stored.checkedInAt - scannedAt)).toBeLessThan(1500);
    expect(stored.evidence.receivedAt).toBeGreaterThan(stored.checkedInAt);
    expect(suite.pageErrors).toEqual([]);
  });

  it('a refused scan says what to do; records and home show the check-in', async () => {
    const phone = await phoneAs(member.openid);
    await phone.goto(`${cloud.url}/#/pages/checkin/index?code=r1.${ACTIVITY}.0.AAAAAAAAAAAA`);
    await phone.locator('.checkin__title', { hasText: '签到码无效' }).waitFor({ timeout: 30_000 });
    await phone.getByText('请扫描本次活动现场书记手机上的动态二维码').waitFor();
    await phone.screenshot({ path: screenshotPath('checkin-refused'), fullPage: true });

    await phone.goto(`${cloud.url}/#/pages/records/index`);
    await phone.locator('.ui-list-item__title', { hasText: '一线现场学习' }).waitFor({ timeout: 30_000 });
    await phone.screenshot({ path: screenshotPath('checkin-records'), fullPage: true });

    await phone.goto(`${cloud.url}/#/pages/index/index`);
    await phone.getByText('扫码签到').waitFor({ timeout: 30_000 });
    await phone.locator('.state-view--loading').first().waitFor({ state: 'detached', timeout: 20_000 });
    await phone.screenshot({ path: screenshotPath('checkin-home'), fullPage: true });
    expect(suite.pageErrors).toEqual([]);
  });

  it('secretary pages: activity list with counts, the form, sites with a printable code', async () => {
    const page = await phoneAs(secretary.openid);
    await page.goto(`${cloud.url}/#/secretary/pages/activities/index`);
    await page.getByText('已签到', { exact: false }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: screenshotPath('checkin-sec-activities'), fullPage: true });

    await page.goto(`${cloud.url}/#/secretary/pages/activity-edit/index`);
    await page.getByText('发起活动').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: screenshotPath('checkin-sec-new'), fullPage: true });

    await page.goto(`${cloud.url}/#/secretary/pages/sites/index`);
    await page.getByText('病理学实验室 A301').click({ timeout: 30_000 });
    await page.locator('.sites__qr-img img, img.sites__qr-img').first().waitFor({ timeout: 30_000 });
    await page.getByText(/场景值 s\./).waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: screenshotPath('checkin-sec-sites'), fullPage: true });
    expect(suite.pageErrors).toEqual([]);
  });
});
