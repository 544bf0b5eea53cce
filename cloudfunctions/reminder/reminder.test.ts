import fs from 'node:fs';
import path from 'node:path';
import { useLocalCloud } from '../../testing/cloud';
import { activityDoc, addBranches, allWhere, memberDoc } from '../../testing/fixtures';
import type { OutboxEntry } from '../../emulator/openapi';
import type {
  TAudienceOutput,
  TCreditsOutput,
  TDispatchOutput,
  TNudgeOutput,
  TSubscribeOutput,
  TTemplatesOutput,
  TUnreachableOutput,
} from '../../types/reminder';
import { DISPATCH_TIMEOUT_SEC } from './actions/dispatch';

/**
 * reminder end to end: gateway → bundled function → real SDK → local cloud (strict indexes), the
 * open-API outbox as WeChat. Counts are read back from the outbox and the database.
 */
const ENV = {
  APP_ADMIN_OPENIDS: 'o_admin',
  APP_TEMPLATE_MEETING_REMINDER: 'tpl-meeting-reminder',
  APP_TEMPLATE_MEETING_CANCELLED: 'tpl-meeting-cancelled',
  APP_TEMPLATE_TASK_REMINDER: 'tpl-task-reminder',
  APP_TEMPLATE_BINDING_DECIDED: 'tpl-binding-decided',
};
const cloud = useLocalCloud({ env: ENV });

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.now();

const member = (id: string, branchId: string, roles: string[] = ['member'], extra: object = {}) =>
  memberDoc(T0, id, branchId, roles, { phone: `138000000${id.padStart(2, '0').slice(-2)}`, ...extra });

const activity = (id: string, startAt: number, branchId: string, extra: object = {}) =>
  activityDoc(
    T0,
    id,
    startAt,
    branchId,
    { title: `党小组会：${id} 学习一线工作规范并交流攻坚项目进展`, approval: 'auto' },
    extra,
  );

const call = <T>(action: string, payload: unknown, who: string) =>
  cloud.call<T>('reminder', { action, payload }, who);

const all = (coll: string, where: Record<string, unknown>) => allWhere(cloud, coll, where);

async function creditOf(memberId: string, key = 'meetingReminder'): Promise<number> {
  const res = await cloud.db().collection('credits').doc(`${memberId}:${key}`).get();
  const d = (Array.isArray(res.data) ? res.data[0] : res.data) as { count?: number } | undefined;
  return d?.count ?? 0;
}

type SendData = {
  touser: string;
  template_id: string;
  page: string;
  data: Record<string, { value: string }>;
};
const sends = async () =>
  (await cloud.outbox()).filter((e: OutboxEntry) => e.apiName === 'subscribeMessage.send');
const delivered = async () => (await sends()).filter((e) => e.result.errcode === 0);
/** `touser|activity|status phrase` of every delivered message. */
const deliveredKeys = async () =>
  (await delivered()).map((e) => {
    const d = e.data as SendData;
    return `${d.touser}|${d.page.split('id=')[1]}|${d.data.phrase4.value}`;
  });

const subscribe = (who: string, accepted: string[]) => call<TSubscribeOutput>('subscribe', { accepted }, who);

// b1: sec (secretary), a…f; b2: sec2, x. big: 40 members, all with credit.
const B1 = ['a', 'b', 'c', 'd', 'e', 'f'];
const BIG = Array.from({ length: 40 }, (_, i) => `g${String(i).padStart(2, '0')}`);

beforeAll(async () => {
  const db = cloud.db();
  await addBranches(cloud, T0, ['b1', 'b2', 'big']);
  await db.collection('members').add(member('sec', 'b1', ['member', 'secretary']));
  for (const id of B1) await db.collection('members').add(member(id, 'b1'));
  await db.collection('members').add(member('sec2', 'b2', ['member', 'secretary']));
  await db.collection('members').add(member('x', 'b2'));
  // Left the branch: never reminded.
  await db.collection('members').add(member('gone', 'b1', ['member'], { status: 'left', openid: 'o_gone' }));
  await db
    .collection('members')
    .add(member('applicant', 'b2', ['member'], { status: 'pending', openid: 'o_applicant' }));
  for (const id of BIG) await db.collection('members').add(member(id, 'big'));

  // soon: in 30 min (hour_before); later: in 5 h (day_before); far: in 3 days (nothing yet).
  await db.collection('activities').add(activity('soon', T0 + 30 * MIN, 'b1'));
  await db.collection('activities').add(activity('later', T0 + 5 * HOUR, 'b1'));
  await db.collection('activities').add(activity('far', T0 + 3 * DAY, 'b1'));
  await db.collection('activities').add(activity('bigsoon', T0 + 20 * MIN, 'big'));
  // e is on approved leave for `soon`; f has checked in already.
  await db.collection('requests').add({
    _id: 'leave_e',
    kind: 'leave',
    activityId: 'soon',
    memberId: 'e',
    branchId: 'b1',
    status: 'approved',
    reason: '出差',
    createdAt: T0 - DAY,
    updatedAt: T0 - DAY,
  });
  await db.collection('checkins').add({
    _id: 'soon:f',
    activityId: 'soon',
    memberId: 'f',
    branchId: 'b1',
    status: 'approved',
    method: 'rotating',
    flags: [],
    at: T0 - MIN,
    createdAt: T0 - MIN,
    updatedAt: T0 - MIN,
  });
});

describe('configuration', () => {
  it('runs the dispatch timer every minute with the timeout the code budgets for', () => {
    const cfg = JSON.parse(fs.readFileSync(path.join(__dirname, 'config.json'), 'utf8'));
    expect(cfg.timeout).toBe(DISPATCH_TIMEOUT_SEC);
    expect(cfg.triggers).toEqual([{ name: 'dispatch', type: 'timer', config: '0 * * * * * *' }]);
  });

  it('answers the template ids from the APP_TEMPLATE_* environment', async () => {
    const r = await call<TTemplatesOutput>('templates', {}, 'o_a');
    expect(r).toEqual({
      ok: true,
      data: {
        templates: [
          { key: 'meetingReminder', id: 'tpl-meeting-reminder', title: '会议提醒' },
          { key: 'meetingCancelled', id: 'tpl-meeting-cancelled', title: '会议取消通知' },
          { key: 'taskReminder', id: 'tpl-task-reminder', title: '任务进度提醒' },
          { key: 'bindingDecided', id: 'tpl-binding-decided', title: '绑定审核结果通知' },
        ],
      },
    });
  });
});

describe('subscribe', () => {
  it('adds one credit per accepted key and report, counting a key listed twice once', async () => {
    expect(await subscribe('o_a', ['meetingReminder', 'meetingReminder'])).toEqual({
      ok: true,
      data: { credits: { meetingReminder: 1 } },
    });
    expect(await subscribe('o_a', ['meetingReminder', 'meetingCancelled'])).toEqual({
      ok: true,
      data: { credits: { meetingReminder: 2, meetingCancelled: 1 } },
    });
    expect(await call<TCreditsOutput>('credits', {}, 'o_a')).toEqual({
      ok: true,
      data: { credits: { meetingReminder: 2, meetingCancelled: 1 } },
    });
  });

  it('refuses an unknown key with INVALID_ARGUMENT naming it, and writes nothing', async () => {
    const r = await subscribe('o_b', ['meetingReminder', 'lotteryWin']);
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    if (r.ok) return;
    expect((r.error.details as { fields: { path: string }[] }).fields.map((f) => f.path)).toEqual([
      'payload.accepted.1',
    ]);
    expect(await all('credits', { memberId: 'b' })).toEqual([]);
    expect(await subscribe('o_b', 'meetingReminder' as unknown as string[])).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
  });

  it('refuses callers who are not active members', async () => {
    expect(await subscribe('o_gone', ['meetingReminder'])).toMatchObject({
      ok: false,
      error: { code: 'NOT_BOUND' },
    });
    expect(await subscribe('o_stranger', ['meetingReminder'])).toMatchObject({
      ok: false,
      error: { code: 'NOT_BOUND' },
    });
    expect(await cloud.call('reminder', { action: 'credits' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });

  it('an applicant whose binding is pending may accept the decision notice only', async () => {
    expect(await subscribe('o_applicant', ['bindingDecided'])).toEqual({
      ok: true,
      data: { credits: { bindingDecided: 1 } },
    });
    expect(await subscribe('o_applicant', ['meetingReminder', 'bindingDecided'])).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await all('credits', { memberId: 'applicant' })).toMatchObject([
      { templateKey: 'bindingDecided', count: 1 },
    ]);
  });

  it('keeps every acceptance when one member reports from two devices at once', async () => {
    await Promise.all(Array.from({ length: 6 }, () => subscribe('o_x', ['meetingReminder'])));
    expect(await creditOf('x')).toBe(6);
  });
});

describe('secretary: audience and unreachable', () => {
  beforeAll(async () => {
    await subscribe('o_b', ['meetingReminder']);
    await subscribe('o_d', ['meetingReminder']);
    await subscribe('o_e', ['meetingReminder']);
  });

  it('lists expected members without credit (not those on leave), with phones for the branch secretary', async () => {
    const r = await call<TUnreachableOutput>('unreachable', { activityId: 'soon' }, 'o_sec');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // c, f and sec hold no credit; e is on leave; gone has left.
    expect(r.data.map((m) => m.memberId).sort()).toEqual(['c', 'f', 'sec']);
    expect(r.data.find((m) => m.memberId === 'c')?.phone).toBe(member('c', 'b1').phone);
    const aud = await call<TAudienceOutput>('audience', { activityId: 'soon' }, 'o_sec');
    if (!aud.ok) throw new Error(JSON.stringify(aud));
    expect(aud.data.reachable.map((m) => m.memberId).sort()).toEqual(['a', 'b', 'd']);
    expect(aud.data.reminded).toEqual([]);
  });

  it('refuses members and other branches’ secretaries, answers NOT_FOUND to an admin for a missing activity', async () => {
    expect(await call('unreachable', { activityId: 'soon' }, 'o_a')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await call('audience', { activityId: 'soon' }, 'o_sec2')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await call('audience', { activityId: 'nope' }, 'o_admin')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const admin = await call<TAudienceOutput>('audience', { activityId: 'soon' }, 'o_admin');
    expect(admin.ok && admin.data.unreachable.every((m) => m.phone && !m.phone.includes('*'))).toBe(true);
  });
});

describe('dispatch', () => {
  let before: Record<string, number>;
  const holders = ['a', 'b', 'd', 'e', 'x', ...BIG];

  beforeAll(async () => {
    for (const id of BIG) await subscribe(`o_${id}`, ['meetingReminder']);
    await cloud.refuseOpenApi('o_d');
    before = Object.fromEntries(await Promise.all(holders.map(async (id) => [id, await creditOf(id)])));
  });

  it('sends each due member exactly one message per kind when two runs overlap', async () => {
    const outboxBefore = (await sends()).length;
    const [r1, r2] = await Promise.all([
      cloud.fireTimer<{ ok: true; data: TDispatchOutput }>('reminder'),
      cloud.fireTimer<{ ok: true; data: TDispatchOutput }>('reminder'),
    ]);
    const keys = await deliveredKeys();
    expect(new Set(keys).size).toBe(keys.length);
    // a (2 credits): soon (即将开始) and later (会议预告); b (1 credit): soon only (soonest first);
    // e (1 credit) is on leave for soon, so hears about later; d: refused (43101); f checked in;
    // c/sec no credit; far is 3 days away; 40 in big.
    expect(keys.filter((k) => k.startsWith('o_a|')).sort()).toEqual([
      'o_a|later|会议预告',
      'o_a|soon|即将开始',
    ]);
    expect(keys.filter((k) => k.startsWith('o_b|'))).toEqual(['o_b|soon|即将开始']);
    expect(keys.filter((k) => k.startsWith('o_e|'))).toEqual(['o_e|later|会议预告']);
    expect(keys.filter((k) => /^o_(c|d|f|sec|gone|x)\|/.test(k))).toEqual([]);
    expect(keys.filter((k) => k.includes('|bigsoon|即将开始'))).toHaveLength(40);
    expect(keys.some((k) => k.includes('|far|'))).toBe(false);

    const runs = [r1.result.data, r2.result.data];
    const sentTotal = runs[0].sent + runs[1].sent;
    expect(sentTotal).toBe(44);
    expect(keys).toHaveLength(44);
    expect((await sends()).length - outboxBefore).toBe(45); // + the refused one to d
    expect(runs[0].failed + runs[1].failed).toBe(1);

    const msg = (await delivered()).find((e) => (e.data as SendData).touser === 'o_b')!.data as SendData;
    expect(msg.template_id).toBe('tpl-meeting-reminder');
    expect(msg.page).toBe('pages/activity/index?id=soon');
    expect(Array.from(msg.data.thing1.value).length).toBeLessThanOrEqual(20);
    expect(msg.data.thing1.value.endsWith('…')).toBe(true);
  });

  it('drops credits by exactly the number sent, and zeroes the credit WeChat refused with 43101', async () => {
    const after = Object.fromEntries(await Promise.all(holders.map(async (id) => [id, await creditOf(id)])));
    expect(after.a).toBe(before.a - 2);
    expect(after.b).toBe(before.b - 1);
    expect(after.e).toBe(before.e - 1);
    expect(after.x).toBe(before.x); // b2 has no activity
    for (const id of BIG) expect(after[id]).toBe(before[id] - 1);
    expect(before.d).toBe(1);
    expect(after.d).toBe(0);
    const dropped = holders.filter((h) => h !== 'd').reduce((s, h) => s + before[h] - after[h], 0);
    expect(dropped).toBe((await delivered()).length);
    const aud = await call<TAudienceOutput>('audience', { activityId: 'soon' }, 'o_sec');
    expect(aud.ok && aud.data.reminded?.map((m) => m.memberId)).toEqual(['a', 'b']); // d: 43101
    const rows = await all('reminders', { activityId: 'soon' });
    expect(rows.map((r) => [r.memberId, r.kind, r.status])).toEqual([
      ['a', 'hour_before', 'sent'],
      ['b', 'hour_before', 'sent'],
      ['d', 'hour_before', 'refused'],
    ]);
  });

  it('never sends a reminder twice when the run is retried', async () => {
    const n = (await sends()).length;
    const r = await cloud.fireTimer<{ ok: true; data: TDispatchOutput }>('reminder');
    expect(r.result.data.sent).toBe(0);
    expect((await sends()).length).toBe(n);
    // A new credit does not re-send what was sent, it waits for the next kind.
    await subscribe('o_b', ['meetingReminder']);
    await cloud.fireTimer('reminder');
    expect((await deliveredKeys()).filter((k) => k.startsWith('o_b|')).sort()).toEqual([
      'o_b|later|会议预告',
      'o_b|soon|即将开始',
    ]);
  });

  it('sends a cancellation notice once to those who were reminded', async () => {
    await cloud
      .db()
      .collection('activities')
      .doc('later')
      .update({ status: 'cancelled', cancelReason: '主讲人临时出差', cancelledAt: Date.now() });
    const n = (await delivered()).length;
    const r = await cloud.fireTimer<{ ok: true; data: TDispatchOutput }>('reminder');
    await cloud.fireTimer('reminder');
    const notices = (await delivered()).slice(n).map((e) => e.data as SendData);
    // a accepted meetingCancelled; b and e did not (skipped, no credit).
    expect(notices.map((d) => [d.touser, d.template_id, d.page, d.data.thing3.value])).toEqual([
      ['o_a', 'tpl-meeting-cancelled', 'pages/activity/index?id=later', '主讲人临时出差'],
    ]);
    expect(r.result.data.sent).toBe(1);
    expect(await creditOf('a', 'meetingCancelled')).toBe(0);
  });
});

describe('cancellation notices after an uncertain send', () => {
  it('reach a member whose reminder may have gone out (claimed), not one WeChat refused (failed)', async () => {
    const db = cloud.db();
    await db
      .collection('activities')
      .add(activity('called-off', T0 + 2 * HOUR, 'b2', { status: 'cancelled', cancelReason: '场地冲突' }));
    const row = (memberId: string, status: string) => ({
      _id: `called-off:${memberId}:day_before`,
      activityId: 'called-off',
      memberId,
      branchId: 'b2',
      kind: 'day_before',
      templateKey: 'meetingReminder',
      status,
      createdAt: T0 - HOUR,
      updatedAt: T0 - HOUR,
    });
    await db.collection('reminders').add(row('x', 'claimed'));
    await db.collection('reminders').add(row('sec2', 'failed'));
    await subscribe('o_x', ['meetingCancelled']);
    await subscribe('o_sec2', ['meetingCancelled']);
    const n = (await delivered()).length;
    await cloud.fireTimer('reminder');
    const notices = (await delivered()).slice(n).map((e) => e.data as SendData);
    expect(notices.map((d) => [d.touser, d.page])).toEqual([['o_x', 'pages/activity/index?id=called-off']]);
    expect(await creditOf('sec2', 'meetingCancelled')).toBe(1);
  });
});

describe('nudge', () => {
  it('reminds expected members not checked in, once per 30 minutes per activity', async () => {
    await subscribe('o_c', ['meetingReminder']);
    const n = (await sends()).length;
    const r = await call<TNudgeOutput>('nudge', { activityId: 'soon' }, 'o_sec');
    // not checked in, not on leave: a (0 credits), b (0), c (1), d (0, refused), sec (0); f checked in.
    expect(r).toEqual({ ok: true, data: { sent: 1, unreachable: 4 } });
    const out = (await sends()).slice(n).map((e) => e.data as SendData);
    expect(out.map((d) => [d.touser, d.data.phrase4.value])).toEqual([['o_c', '请速签到']]);

    const again = await call('nudge', { activityId: 'soon' }, 'o_admin');
    expect(again).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    if (!again.ok)
      expect((again.error.details as { retryAt: number }).retryAt).toBeGreaterThan(Date.now() + 29 * MIN);
    expect((await sends()).length).toBe(n + 1);
    const audit = await all('audit', { activityId: 'soon' });
    expect(audit.filter((a) => a.action === 'reminder.nudge')).toHaveLength(1);
  });

  it('gives two secretaries tapping at once one round and one RATE_LIMITED', async () => {
    const rs = await Promise.all([
      call('nudge', { activityId: 'bigsoon' }, 'o_admin'),
      call('nudge', { activityId: 'bigsoon' }, 'o_admin'),
    ]);
    expect(rs.filter((r) => r.ok)).toHaveLength(1);
    expect(rs.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED')).toHaveLength(1);
  });

  it('refuses members, a meeting hours away, and a missing activity', async () => {
    expect(await call('nudge', { activityId: 'soon' }, 'o_a')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await call('nudge', { activityId: 'far' }, 'o_sec')).toMatchObject({
      ok: false,
      error: { code: 'OUTSIDE_WINDOW' },
    });
    expect(await call('nudge', { activityId: 'nope' }, 'o_sec')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
