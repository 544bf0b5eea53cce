import type { Page } from 'playwright-core';
import type { LocalCloud } from '../../emulator/index';
import { mintCode } from '../../cloudfunctions/core/domain/rotating-code';
import { createSdkApp } from '../../emulator/sdk';
import { DEMO_UNBOUND } from '../../scripts/seed/members';
import type { TDisplayCodeOutput, TListMineOutput } from '../../types/activity';
import { callFn } from './demo-cloud';
import { hasChromium, shownPage, startH5Suite, warnIfNoChromium, type H5Suite } from './browser';

/**
 * The journeys issue #16 found hurting (H5 build, demo data, Chromium at 390 px), each checked on the
 * screen AND in the database:
 * - binding review shows what the applicant did not type (sent at, failed attempts, earlier requests),
 *   the applicant never sees the roster phone, the audit trail names the applicant;
 * - 我的数据 details show names and labels, never openids or ids;
 * - 撤回 a pending leave (with a confirmation);
 * - the scan result offers the action it names: 去绑定 (not bound), 申请补签 (expired code),
 *   and says when check-in opens;
 * - the 阵地码 link is a 44×44 target.
 * Screenshots: e2e/screenshots/journey-*.png.
 */
warnIfNoChromium('journeys e2e');
const describeBrowser = hasChromium ? describe : describe.skip;

describeBrowser('journeys of issue #16 (H5 on the local cloud, Chromium)', () => {
  let suite: H5Suite;
  let cloud: LocalCloud;
  const stamp = Date.now().toString(36);
  const applicant = { openid: `o_jrn_app_${stamp}`, ...DEMO_UNBOUND[1] };
  const stranger = `o_jrn_new_${stamp}`;

  beforeAll(async () => {
    suite = await startH5Suite('journeys', {
      functions: ['member', 'activity', 'checkin', 'attendance', 'reminder'],
      env: {
        APP_ADMIN_OPENIDS: 'demo-admin',
        APP_TEMPLATE_MEETING_REMINDER: 'local-meeting-reminder',
        APP_TEMPLATE_MEETING_CANCELLED: 'local-meeting-cancelled',
        APP_TEMPLATE_TASK_REMINDER: 'local-task-reminder',
        APP_TEMPLATE_BINDING_DECIDED: 'local-binding-decided',
      },
    });
    cloud = suite.cloud;
  }, 120_000);

  afterAll(async () => {
    await suite?.stop();
  });

  afterEach(() => {
    expect(suite.pageErrors).toEqual([]);
  });

  const fn = <T>(name: string, action: string, payload: unknown, openid: string) =>
    callFn<T>(cloud, name, action, payload, openid);

  /** A phone-sized profile that is `openid` (the H5 app reads the demo identity from storage). */
  const as = (openid: string): Promise<Page> => suite.as(openid, { stored: true });

  /** Opens a route and waits until the page has no spinner left. */
  async function open(page: Page, route: string) {
    await page.goto(`${cloud.url}/#/${route}`);
    return shownPage(page, route);
  }

  const shot = (page: Page, name: string) => suite.shot(page, `journey-${name}`);

  const docs = async (coll: string, where: Record<string, unknown>) =>
    (await createSdkApp(cloud.url, cloud.envId).database().collection(coll).where(where).limit(100).get())
      .data as Record<string, unknown>[];

  it('binding review: sent at, failed attempts, earlier requests; the applicant never sees the roster phone', async () => {
    // two wrong guesses, then the right row
    for (const staffNo of ['2019000', '2019999']) {
      await expect(fn('member', 'bind', { name: applicant.name, staffNo }, applicant.openid)).rejects.toThrow(
        /ROSTER_NO_MATCH/,
      );
    }
    await fn('member', 'bind', { name: applicant.name, staffNo: applicant.staffNo }, applicant.openid);
    const [row] = await docs('members', { staffNo: applicant.staffNo });
    expect(row).toMatchObject({ status: 'pending', openid: applicant.openid });
    const rosterPhone = String(row.phone);
    expect(rosterPhone).toMatch(/^1\d{10}$/);

    // the applicant asks to hear the decision (one-time consent: the local stand-in for WeChat's prompt)
    const user = await as(applicant.openid);
    const bind = await open(user, 'pages/bind/index');
    await bind.getByText('审核结果通知我').click();
    const sheet = user.getByRole('dialog', { name: '模拟订阅授权' });
    await sheet.getByText('绑定审核结果通知').waitFor();
    await sheet.getByText('允许', { exact: true }).click();
    await bind.getByText('已开启：审核结果出来后会通知你').waitFor();
    await shot(user, 'bind-notify');
    expect(await docs('credits', { memberId: row._id, templateKey: 'bindingDecided' })).toMatchObject([
      { count: 1 },
    ]);

    // the applicant's 我的: the phone is not theirs to see yet
    const me = await open(user, 'pages/me/index');
    await me.getByText('审核通过后显示').waitFor();
    await me.getByText('查看明细').click();
    await me.getByText('微信身份').waitFor();
    const mine = await me.innerText();
    expect(mine).not.toContain(rosterPhone);
    expect(mine).not.toContain(applicant.openid);
    await shot(user, 'me-pending');

    // the secretary's review card
    const sec = await as('demo-sec-1');
    const page = await open(sec, 'secretary/pages/bindings/index');
    const card = page.locator('.pending', { hasText: applicant.name });
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toMatch(/申请时间\s*\d+月\d+日/);
    expect(text).toMatch(/申请前失败\s*2 次 · 最近 \d\d:\d\d/);
    expect(text).toContain('需核实');
    expect(text).toContain(rosterPhone); // the secretary checks it against what they know
    expect(text).toMatch(/历史申请\s*无/);
    await card.scrollIntoViewIfNeeded();
    await shot(sec, 'bindings');
    await card.getByText('通过', { exact: true }).click();
    await sec.getByText('已通过，已通知申请人').waitFor();
    await card.waitFor({ state: 'detached' });
    expect((await docs('members', { staffNo: applicant.staffNo }))[0]).toMatchObject({ status: 'active' });
    // the decision went out once, through the open API, to the applicant; the credit is spent
    const outbox = (await (await fetch(`${cloud.url}/__outbox`)).json()) as {
      apiName: string;
      data: { touser: string; template_id: string; data: Record<string, { value: string }> };
    }[];
    const sent = outbox.filter(
      (m) => m.apiName === 'subscribeMessage.send' && m.data.touser === applicant.openid,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0].data).toMatchObject({
      template_id: 'local-binding-decided',
      data: { phrase2: { value: '已通过' } },
    });
    expect(await docs('credits', { memberId: row._id, templateKey: 'bindingDecided' })).toMatchObject([
      { count: 0 },
    ]);

    // the audit trail names the applicant and the member, not only 管理员
    const audit = await open(sec, 'secretary/pages/audit/index');
    await audit.getByText(`申请人 ${applicant.name}`).first().waitFor();
    await audit.getByText(`审核绑定 · 成员 ${applicant.name}：待审核 → 已认证`).first().waitFor();
    await shot(sec, 'audit');

    // approved: now the phone is shown to its holder
    const after = await open(await as(applicant.openid), 'pages/me/index');
    await after.getByText(rosterPhone).waitFor();
  });

  it('我的数据 details: names and labels, no openids or ids', async () => {
    const page = await as('demo-sec-1');
    const me = await open(page, 'pages/me/index');
    await me.getByText('查看明细').click();
    await me.locator('.me__details-title', { hasText: '操作记录' }).waitFor();
    const text = await me.innerText();
    expect(text).not.toMatch(/demo-(sec|m)-\d+|demo-admin|openid/);
    expect(text).not.toMatch(/\b[0-9a-f]{16,}\b/);
    expect(text).not.toMatch(/\b[a-z]+\.[a-z][A-Za-z]+\b/); // no action keys
    expect(text).toMatch(/审核绑定 · 本人/); // the secretary's own decisions, in words
    await shot(page, 'me-details');
  });

  it('撤回: a member takes back a pending leave after confirming; the request is withdrawn', async () => {
    const now = Date.now();
    const list = await fn<TListMineOutput>('activity', 'listMine', {}, 'demo-m-3');
    const future = list.find(
      (a) => a.startAt > now + 3600_000 && a.status !== 'cancelled' && a.type !== 'volunteer',
    );
    expect(future).toBeDefined();
    const page = await as('demo-m-3');
    const req = await open(page, `pages/request/index?activityId=${future!.id}`);
    await req.getByText('我要请假').click();
    await req.getByText('值班/排班冲突').click();
    await req.getByText('提交', { exact: true }).click();
    await req.getByText('撤回申请').waitFor();
    await shot(page, 'leave-pending');
    await req.getByText('撤回申请').click();
    // the confirmation says what happens; 不撤回 leaves it pending
    await page.getByText('撤回请假申请').waitFor();
    await page.getByText('不撤回').click();
    const [pending] = await docs('requests', { activityId: future!.id, kind: 'leave', status: 'pending' });
    expect(pending).toBeDefined();
    await req.getByText('撤回申请').click();
    await page
      .locator('.taro__modal, .taro-modal__foot, [class*="modal"]')
      .getByText('撤回', { exact: true })
      .click();
    await req.locator('.ui-badge, [class*="badge"]', { hasText: '已撤回' }).first().waitFor();
    const all = await docs('requests', { activityId: future!.id, memberId: pending.memberId });
    expect(all.map((r) => r.status)).toEqual(['withdrawn']);
    // the member may ask again
    await req.getByText('我要请假').waitFor();
    await shot(page, 'leave-withdrawn');
  });

  it('scan results offer what they name: 去绑定, 申请补签, and when check-in opens', async () => {
    const branch = await fn<{ member: { branchId: string } }>('member', 'me', {}, 'demo-sec-1');
    const acts = await fn<
      {
        id: string;
        startAt: number;
        endAt: number;
        status: string;
        checkin: { opensAt: number; closesAt: number; proof: string };
      }[]
    >('activity', 'listBranch', { branchId: branch.member.branchId }, 'demo-sec-1');
    const now = Date.now();
    const live = acts.find(
      (a) =>
        a.status !== 'cancelled' &&
        a.checkin.opensAt <= now &&
        now <= a.checkin.closesAt &&
        a.checkin.proof !== 'site',
    )!;
    const later = acts.find(
      (a) => a.status !== 'cancelled' && a.checkin.opensAt > now && a.checkin.proof !== 'site',
    )!;
    expect(live && later).toBeTruthy();

    // not bound → 去绑定 opens the binding page
    const d = await fn<TDisplayCodeOutput>('activity', 'displayCode', { activityId: live.id }, 'demo-sec-1');
    const newcomer = await as(stranger);
    const scan = await open(newcomer, `pages/checkin/index?code=${encodeURIComponent(d.code)}`);
    await scan.locator('.checkin__title', { hasText: '还没有绑定党员身份' }).waitFor();
    await shot(newcomer, 'scan-not-bound');
    await scan.getByText('去绑定', { exact: true }).click();
    await newcomer.waitForFunction(() => location.hash.startsWith('#/pages/bind/index'));

    // an expired code of a live meeting → 申请补签 opens that meeting's requests
    const old = mintCode(d.displayKey!, live.id, d.periodSec * 1000, now - 5 * 60_000).code;
    const member = await as('demo-m-4');
    const expired = await open(member, `pages/checkin/index?code=${encodeURIComponent(old)}`);
    await expired.locator('.checkin__title', { hasText: '签到码已过期' }).waitFor();
    await shot(member, 'scan-expired');
    await expired.getByText('申请补签', { exact: true }).click();
    await member.waitForFunction(
      (id) => location.hash.startsWith('#/pages/request/index') && location.hash.includes(id),
      live.id,
    );

    // before the window → 签到将于 HH:mm 开放
    const soon = await fn<TDisplayCodeOutput>(
      'activity',
      'displayCode',
      { activityId: later.id },
      'demo-sec-1',
    );
    const early = await open(
      await as('demo-m-5'),
      `pages/checkin/index?code=${encodeURIComponent(soon.code)}`,
    );
    const title = early.locator('.checkin__title');
    await title.filter({ hasText: '签到将于' }).waitFor();
    expect(await title.innerText()).toMatch(/^签到将于 (\d+月\d+日 )?\d\d:\d\d 开放$/);
    expect(await docs('checkins', { activityId: later.id })).toEqual([]);
  });

  it('the 阵地码 link on 一线阵地 is at least 44×44', async () => {
    const page = await as('demo-sec-1');
    const sites = await open(page, 'secretary/pages/sites/index');
    const link = sites.locator('.sites__link').first();
    await link.waitFor();
    const box = (await link.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(44);
    expect(box.height).toBeGreaterThanOrEqual(44);
    await shot(page, 'sites');
  });
});
