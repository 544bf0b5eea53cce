import type { Page } from 'playwright-core';
import type { LocalCloud } from '../../emulator/index';
import { callFn } from './demo-cloud';
import type { OutboxEntry } from '../../emulator/openapi';
import { hasChromium, startH5Suite, warnIfNoChromium, type H5Suite } from './browser';
import type { TDemoIdentity as Identity } from '../../types/demo';

/**
 * Reminders in Chromium on the H5 build (demo data): a member without a reminder credit opens the
 * meeting that starts in 40 minutes, taps 提醒我, allows in the local 模拟订阅授权 sheet → the dispatch
 * timer is fired → the reminder is in the outbox (errcode 0) and opens the activity page; firing again
 * does not send it twice. Then the home banner offers reminders again (the credit was spent), and the
 * branch secretary sees who is unreachable and taps 催一下.
 * Needs `npm run build:h5` and `npm run build:functions`.
 */
warnIfNoChromium('H5 reminders');
const describeBrowser = hasChromium ? describe : describe.skip;

const ACTIVITY = 'act-remind-soon'; // scripts/seed/reminders.ts

type Send = { touser: string; template_id: string; page: string; data: Record<string, { value: string }> };

describeBrowser('reminders (dist/h5 on the local cloud, Chromium)', () => {
  let suite: H5Suite;
  let cloud: LocalCloud;
  let member: Identity;
  let secretary: Identity;

  const api = <T>(fn: string, action: string, payload: unknown, openid: string) =>
    callFn<T>(cloud, fn, action, payload, openid);
  const fire = async () => {
    const res = await fetch(`${cloud.url}/__timers/reminder`, { method: 'POST' });
    expect(res.status).toBe(200);
    return ((await res.json()) as { result: { ok: boolean; data: { sent: number } } }).result;
  };
  const sentTo = async (openid: string) =>
    ((await (await fetch(`${cloud.url}/__outbox`)).json()) as OutboxEntry[]).filter(
      (e) =>
        e.apiName === 'subscribeMessage.send' && e.result.errcode === 0 && (e.data as Send).touser === openid,
    );

  beforeAll(async () => {
    suite = await startH5Suite('reminder', {
      functions: ['reminder'],
      env: {
        APP_TEMPLATE_MEETING_REMINDER: 'local-meeting-reminder',
        APP_TEMPLATE_MEETING_CANCELLED: 'local-meeting-cancelled',
        APP_TEMPLATE_TASK_REMINDER: 'local-task-reminder',
        APP_TEMPLATE_BINDING_DECIDED: 'local-binding-decided',
      },
    });
    cloud = suite.cloud;
    const ids = (await (await fetch(cloud.url + '/__identities')).json()) as Identity[];
    secretary = ids.find((i) => i.openid === 'demo-sec-1')!;
    // A member of the demo meeting's branch who holds no credit yet (the seed credits every other one).
    for (const i of ids) {
      if (i.status !== 'active' || i.branchName !== secretary.branchName || i.roles.includes('secretary'))
        continue;
      const c = await api<{ credits: Record<string, number> }>('reminder', 'credits', {}, i.openid);
      if (!c.credits.meetingReminder) {
        member = i;
        break;
      }
    }
    expect(member).toBeTruthy();
  }, 120_000);

  afterAll(() => suite?.stop());

  let memberPage: Page;

  it('a member taps 提醒我, allows in the local sheet, and the server counts one credit', async () => {
    memberPage = await suite.as(member.openid);
    await suite.open(memberPage, `/pages/activity/index?id=${ACTIVITY}`);
    const remind = memberPage.locator('[data-testid="remind-me"]');
    await remind.getByText('提醒我', { exact: true }).click();
    const sheet = memberPage.locator('.subscribe-sheet');
    await sheet.getByText('模拟订阅授权').waitFor();
    await sheet.getByText('本地替身', { exact: false }).waitFor();
    await suite.shot(memberPage, 'reminder-sheet');
    await sheet.getByText('允许', { exact: true }).click();
    await remind.getByText('已开启：可收到 1 条会议提醒', { exact: false }).waitFor({ timeout: 20_000 });
    await sheet.waitFor({ state: 'detached' });
    // One prompt per visit: the button is gone, only the result shows.
    await expect(remind.getByText('提醒我', { exact: true }).count()).resolves.toBe(0);
    await suite.shot(memberPage, 'reminder-accepted');
    const c = await api<{ credits: Record<string, number> }>('reminder', 'credits', {}, member.openid);
    expect(c.credits).toEqual({ meetingReminder: 1, meetingCancelled: 1 });
  });

  it('the dispatch timer sends the reminder once; firing again does not send it twice', async () => {
    expect(await sentTo(member.openid)).toHaveLength(0);
    const first = await fire();
    expect(first.ok).toBe(true);
    expect(first.data.sent).toBeGreaterThanOrEqual(1);
    const mine = await sentTo(member.openid);
    expect(mine).toHaveLength(1);
    const msg = mine[0].data as Send;
    expect(msg.template_id).toBe('local-meeting-reminder');
    expect(msg.page).toBe(`pages/activity/index?id=${ACTIVITY}`);
    expect(msg.data.phrase4.value).toBe('即将开始');
    const second = await fire();
    expect(second.data.sent).toBe(0);
    expect(await sentTo(member.openid)).toHaveLength(1);
    const c = await api<{ credits: Record<string, number> }>('reminder', 'credits', {}, member.openid);
    expect(c.credits.meetingReminder).toBe(0);
  });

  it('with the credit spent, the home banner offers reminders again (unless a meeting is live)', async () => {
    // During a live check-in the scan wins and the offer waits (pages/index): the demo meeting's
    // window opens 30 min before its start, so which one shows depends on when this runs.
    const now = Date.now();
    const mine = await api<{ myStatus: string; title: string }[]>(
      'activity',
      'listMine',
      { from: now - 86_400_000, to: now + 86_400_000 },
      member.openid,
    );
    const live = mine.find((a) => a.myStatus === 'open');
    await suite.open(memberPage, '/pages/index/index');
    if (live) {
      await memberPage.getByText(`正在签到：${live.title}`).waitFor({ timeout: 20_000 });
      expect(await memberPage.locator('.remind-me--banner').count()).toBe(0);
    } else {
      const banner = memberPage.locator('.remind-me--banner');
      await banner.getByText('你还没有可用的会议提醒', { exact: false }).waitFor({ timeout: 20_000 });
    }
    await suite.shot(memberPage, 'reminder-home-banner');
  });

  it('the secretary sees who cannot be reminded, with phones, and nudges once per 30 minutes', async () => {
    const sec = await suite.as(secretary.openid);
    await suite.open(sec, `/secretary/pages/reminders/index?activityId=${ACTIVITY}`);
    await sec.getByText('未订阅提醒（', { exact: false }).waitFor();
    // the dispatch above reached the demo member and the seeded subscribers
    await sec.locator('.ui-card__title', { hasText: '已收到提醒（' }).waitFor();
    await sec.getByText(member.name, { exact: true }).first().waitFor();
    const audience = await api<{ unreachable: { name: string; phone: string | null }[] }>(
      'reminder',
      'audience',
      { activityId: ACTIVITY },
      secretary.openid,
    );
    expect(audience.unreachable.length).toBeGreaterThan(0);
    await sec.getByText(audience.unreachable[0].name, { exact: true }).first().waitFor();
    if (audience.unreachable[0].phone) await sec.getByText(audience.unreachable[0].phone).first().waitFor();
    await sec.getByText('催一下', { exact: false }).click();
    await sec.locator('.reminders__note--ok').waitFor({ timeout: 20_000 });
    await suite.shot(sec, 'reminder-secretary');
    await sec.getByText('催一下', { exact: false }).click();
    await sec.locator('.reminders__note--warn', { hasText: '30 分钟' }).waitFor({ timeout: 20_000 });
    expect(suite.pageErrors).toEqual([]);
  });
});
