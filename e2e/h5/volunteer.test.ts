import type { LocalCloud } from '../../emulator/index';
import type { THoursQueueOutput, TMyCertificatesOutput, TTeamMembersOutput } from '../../types/volunteer';
import { hasChromium, startH5Suite, warnIfNoChromium, type H5Suite } from './browser';
import { callFn } from './demo-cloud';

/**
 * 先锋领航 in Chromium on the H5 build (demo data, scripts/seed/volunteer.ts).
 * Member (demo-m-2): the hub shows this year's hours → events → 报名 on an upcoming clinic (the seat
 * count moves, the sign-up is in the database) → my hours → a certificate drawn on the canvas →
 * verifying its number and code → 证明有效; a wrong code → refused.
 * Leader (demo-m-1, 临床医学分队): the queue → 全部确认 confirms the clean items only (flagged ones stay)
 * → approves the join request.
 * Needs `npm run build:h5` and `npm run build:functions`.
 */
warnIfNoChromium('H5 volunteer');
const describeBrowser = hasChromium ? describe : describe.skip;

const CLINIC = 'team-xflh-clinic';
const UPCOMING = 'vol-clinic-3';

describeBrowser('先锋领航 (dist/h5 on the local cloud, Chromium)', () => {
  let suite: H5Suite;
  let cloud: LocalCloud;
  const api = <T>(action: string, payload: unknown, openid: string) =>
    callFn<T>(cloud, 'volunteer', action, payload, openid);

  beforeAll(async () => {
    suite = await startH5Suite('volunteer', {
      functions: ['volunteer', 'member'],
      env: { APP_ADMIN_OPENIDS: 'demo-admin' },
    });
    cloud = suite.cloud;
  }, 120_000);

  afterAll(() => suite?.stop());

  it('member: hours on the hub, sign up for an event, my hours, a certificate that verifies', async () => {
    const page = await suite.as('demo-m-2');
    await page.getByText('先锋领航 · 志愿服务').click();
    await page.waitForFunction(() => location.hash.includes('/volunteer/pages/index/index'));
    await suite.settled(page);
    await page.getByText('我的志愿时长').waitFor();
    await page.locator('.vhome__num').first().getByText('4').waitFor();
    await suite.shot(page, 'volunteer-1-hub');

    await page.getByText('志愿活动与报名').click();
    await suite.settled(page);
    const card = page.locator('.ui-card', { hasText: '社区义诊：儿童生长发育咨询' });
    await card.getByText('剩余名额').waitFor();
    await expect(card.locator('.vevents__left').innerText()).resolves.toBe('6');
    await card.getByText('报名', { exact: true }).click();
    await card.getByText('报名成功', { exact: false }).waitFor({ timeout: 20_000 });
    await expect(card.locator('.vevents__left').innerText()).resolves.toBe('5');
    await suite.shot(page, 'volunteer-2-signed-up');
    const events = await callFn<{ activityId: string; mySignup: string | null; signedUp: number }[]>(
      cloud,
      'volunteer',
      'listEvents',
      { teamId: CLINIC },
      'demo-m-2',
    );
    expect(events.find((e) => e.activityId === UPCOMING)).toMatchObject({
      mySignup: 'signed_up',
      signedUp: 5,
    });

    await suite.open(page, '/volunteer/pages/hours/index');
    await page.locator('.ui-card__title', { hasText: '明细' }).waitFor();
    await page.getByText('社区义诊：测血压与健康咨询').waitFor();
    await page.getByText('病理实验室开放日讲解').waitFor();
    await suite.shot(page, 'volunteer-3-my-hours');

    await suite.open(page, '/volunteer/pages/certificate/index');
    await page.getByText('生成志愿服务证明').click();
    await page.getByText('保存图片').waitFor({ timeout: 20_000 });
    // the canvas holds the drawn certificate (not blank)
    const inked = await page.evaluate(() => {
      const c = document.querySelector('canvas');
      if (!c) return 0;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] > 150 && d[i + 1] < 60) n++; // the red band
      return n;
    });
    expect(inked).toBeGreaterThan(1000);
    await suite.shot(page, 'volunteer-4-certificate');
    const [cert] = await api<TMyCertificatesOutput>('myCertificates', {}, 'demo-m-2');
    expect(cert.hours.total).toBe(4);

    // anyone verifies it: the right pair, then a forged code
    const stranger = await suite.as('o_stranger_01');
    await suite.open(stranger, '/volunteer/pages/certificate/index');
    const verify = stranger.locator('.ui-card', { hasText: '验证一份证明' });
    await verify.locator('input').nth(0).fill(cert.certificateNo);
    await verify.locator('input').nth(1).fill(cert.verifyCode.toLowerCase());
    await verify.getByText('验证', { exact: true }).click();
    await verify.getByText('✓ 证明有效').waitFor({ timeout: 20_000 });
    await verify.getByText('共 4 小时', { exact: false }).waitFor();
    await suite.shot(stranger, 'volunteer-5-verified');
    await verify.locator('input').nth(1).fill('0000000000');
    await verify.getByText('验证', { exact: true }).click();
    await verify.getByText('证明编号或校验码不正确', { exact: false }).waitFor({ timeout: 20_000 });
    await suite.shot(stranger, 'volunteer-6-forged');
  });

  it('leader: batch-confirm the clean items, flagged ones stay; approve a join request', async () => {
    const before = await api<THoursQueueOutput>('hoursQueue', { teamId: CLINIC }, 'demo-m-1');
    const clean = before.filter((i) => i.clean);
    expect(clean.length).toBeGreaterThan(0);
    const page = await suite.as('demo-m-1');
    await suite.open(page, `/volunteer/pages/queue/index?teamId=${CLINIC}`);
    await page.getByText('入队申请').waitFor();
    await suite.shot(page, 'volunteer-7-queue');
    await page.getByText(`全部确认无异常的 ${clean.length} 条`).click();
    await page.getByText(`已处理 ${clean.length} 条`).waitFor({ timeout: 30_000 });
    await suite.shot(page, 'volunteer-8-confirmed');
    const after = await api<THoursQueueOutput>('hoursQueue', { teamId: CLINIC }, 'demo-m-1');
    expect(after.map((i) => i.id).sort()).toEqual(
      before
        .filter((i) => !i.clean)
        .map((i) => i.id)
        .sort(),
    );
    const join = (await api<TTeamMembersOutput>('teamMembers', { teamId: CLINIC }, 'demo-m-1')).find(
      (m) => m.status === 'pending',
    )!;
    await page.locator('.ui-list-item', { hasText: join.name }).getByText('同意').click();
    await page.waitForTimeout(500);
    await suite.settled(page);
    expect(
      (await api<TTeamMembersOutput>('teamMembers', { teamId: CLINIC }, 'demo-m-1')).filter(
        (m) => m.status === 'pending',
      ),
    ).toHaveLength(0);
    expect(suite.pageErrors).toEqual([]);
  });
});
