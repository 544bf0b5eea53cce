import { useLocalCloud } from '../../testing/cloud';
import { activityDoc, addBranches, allWhere, memberDoc } from '../../testing/fixtures';
import type { TBranchStats, TStatsOutput } from '../../types/attendance';
import { monthKey, monthKeysBetween } from '../core/domain/attendance/summary';

/**
 * The admin overview's running summaries: the `summaries` timer counts activities that
 * predate the summaries (backfill), activities marked by a change (here a manual add) and started
 * ones never counted; the overview reads only the summaries and answers the same totals as the
 * branch's own live statistics.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_admin' } });

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const T0 = Date.now();
const PAST = T0 - 2 * DAY;

type Overview = Extract<TStatsOutput, { branches: TBranchStats[] }>;

const overview = async () => {
  const r = await cloud.call<Overview>(
    'attendance',
    { action: 'stats', payload: { from: T0 - 20 * DAY, to: T0 } },
    'o_admin',
  );
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data;
};
const branch = (o: Overview, id: string) => o.branches.find((b) => b.branchId === id)!;

beforeAll(async () => {
  const db = cloud.db();
  await addBranches(cloud, T0, ['b1', 'b2']);
  await db
    .collection('members')
    .add([
      memberDoc(T0, 'sec', 'b1', ['member', 'secretary']),
      memberDoc(T0, 'm1', 'b1'),
      memberDoc(T0, 'm2', 'b1'),
      memberDoc(T0, 'm3', 'b1'),
      memberDoc(T0, 'm4', 'b1'),
      memberDoc(T0, 'n1', 'b2'),
    ]);
  // written straight to the database, like data that predates the summaries: no mark anywhere
  await db.collection('activities').add([
    activityDoc(T0, 'p1', PAST, 'b1', { type: 'branch_congress', title: '党员大会', approval: 'risk' }),
    activityDoc(
      T0,
      'p2',
      PAST - 5 * DAY,
      'b1',
      { type: 'committee_meeting', title: '支委会', approval: 'risk' },
      {
        status: 'cancelled',
      },
    ),
  ]);
  const rec = (memberId: string, status: string) => ({
    _id: `p1:${memberId}`,
    activityId: 'p1',
    memberId,
    branchId: 'b1',
    memberName: memberId,
    status,
    method: 'rotating',
    flags: status === 'pending' ? ['outside_fence'] : [],
    at: PAST,
    checkedInAt: PAST,
    nonce: `nonce-${memberId}`,
    deviceId: null,
    location: null,
    createdAt: PAST,
    updatedAt: PAST,
  });
  await db.collection('checkins').add([rec('m1', 'approved'), rec('m2', 'pending')]);
  await db.collection('requests').add({
    _id: 'p1:m3:leave:0',
    kind: 'leave',
    activityId: 'p1',
    branchId: 'b1',
    memberId: 'm3',
    memberName: 'm3',
    status: 'approved',
    reason: '出诊',
    createdAt: PAST - DAY,
    updatedAt: PAST - DAY,
  });
});

describe('running summaries for the admin overview', () => {
  it('counts what predates the summaries on the first timer run and matches the live statistics', async () => {
    const before = await overview();
    expect(branch(before, 'b1').held).toBe(0); // nothing counted yet

    const run = await cloud.fireTimer<{ ok: boolean; data: { counted: number } }>('attendance', 'summaries');
    expect(run.result).toMatchObject({ ok: true, data: { counted: 2 } });

    const o = await overview();
    expect(o.refreshing).toBe(0);
    const b1 = branch(o, 'b1');
    // expected: sec, m1..m4 = 5; present m1; pending m2; leave m3; absent sec, m4
    expect(b1.totals).toEqual({ expected: 5, present: 1, excused: 1, absent: 2, pending: 1, rate: 0.25 });
    expect(b1.held).toBe(1); // the cancelled meeting is not held
    expect(b1.types.find((t) => t.type === 'branch_congress')).toMatchObject({ held: 1 });
    expect(branch(o, 'b2')).toMatchObject({ held: 0, totals: { expected: 0, rate: null } });
    expect(branch(o, 'b2').silentDays).toBeDefined();

    // the secretary's live statistics of the same range add up to the same totals
    const live = await cloud.call<TBranchStats>(
      'attendance',
      { action: 'stats', payload: { branchId: 'b1', from: T0 - 20 * DAY, to: T0 } },
      'o_sec',
    );
    if (!live.ok) throw new Error(JSON.stringify(live.error));
    const sum = (k: 'expected' | 'present' | 'excused' | 'absent') =>
      live.data.members.reduce((n, m) => n + m[k], 0);
    expect([sum('expected'), sum('present'), sum('excused'), sum('absent')]).toEqual([5, 1, 1, 2]);
    expect(live.data.types.find((t) => t.type === 'branch_congress')?.held).toBe(1);
  });

  it('a change marks its activity; the overview says so until the next run counts it', async () => {
    const add = await cloud.call(
      'attendance',
      { action: 'manualAdd', payload: { activityId: 'p1', memberId: 'm4', reason: '会上签到表补录' } },
      'o_sec',
    );
    expect(add.ok).toBe(true);
    const waiting = await overview();
    expect(waiting.refreshing).toBe(1);
    expect(branch(waiting, 'b1').totals?.present).toBe(1);

    await cloud.fireTimer('attendance', 'summaries');
    const o = await overview();
    expect(o.refreshing).toBe(0);
    expect(branch(o, 'b1').totals).toEqual({
      expected: 5,
      present: 2,
      excused: 1,
      absent: 1,
      pending: 1,
      rate: 0.5,
    });
    // a run with nothing to do counts nothing
    const idle = await cloud.fireTimer<{ ok: boolean; data: { counted: number } }>('attendance', 'summaries');
    expect(idle.result).toMatchObject({ ok: true, data: { counted: 0 } });
  });

  it('answers one page: off-track first, by name, searchable, with the whole months it covers', async () => {
    await addBranches(
      cloud,
      T0,
      Array.from({ length: 25 }, (_, i) => `c${String(i + 1).padStart(2, '0')}`),
    );
    const page = async (extra: Record<string, unknown>) => {
      const r = await cloud.call<Overview>(
        'attendance',
        { action: 'stats', payload: { from: T0 - 20 * DAY, to: T0, ...extra } },
        'o_admin',
      );
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.data;
    };
    const first = await page({});
    expect(first.all).toBe(27);
    expect(first.total).toBe(27);
    expect(first.branches).toHaveLength(20); // the default page
    const rest = await page({ offset: 20 });
    expect(rest.branches).toHaveLength(7);
    const ids = [...first.branches, ...rest.branches].map((b) => b.branchId);
    expect(new Set(ids).size).toBe(27);
    // off track (silent, or a period over and missed) before on track
    const isOff = (b: TBranchStats) =>
      b.silentDays !== undefined || b.types.some((t) => !t.advisory && (t.missed ?? 0) > 0);
    const flags = [...first.branches, ...rest.branches].map(isOff);
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    expect(first.offTrackCount).toBe(flags.filter(Boolean).length);
    const off = await page({ offTrack: true, limit: 50 });
    expect(off.total).toBe(first.offTrackCount);
    expect(off.branches.every(isOff)).toBe(true);
    // search by name, paged
    const q1 = await page({ q: '支部c0', limit: 5 });
    const q2 = await page({ q: '支部c0', limit: 5, offset: 5 });
    expect(q1.total).toBe(9);
    expect([...q1.branches, ...q2.branches].map((b) => b.branchName)).toEqual(
      Array.from({ length: 9 }, (_, i) => `支部c0${i + 1}`),
    );
    expect((await page({ q: '没有这个支部' })).branches).toEqual([]);
    // the totals cover whole Shanghai months: from the month of `from` to the end of the month of `to`
    const sh = (ms: number) => new Date(ms + 8 * HOUR);
    const m = first.months!;
    expect(sh(m.from).getUTCDate()).toBe(1);
    expect(sh(m.from).getUTCMonth()).toBe(sh(T0 - 20 * DAY).getUTCMonth());
    expect(m.to).toBeGreaterThan(T0);
    // a page of more than 50 is refused, naming the field
    const big = await cloud.call(
      'attendance',
      { action: 'stats', payload: { from: T0 - 20 * DAY, to: T0, limit: 51 } },
      'o_admin',
    );
    expect(big.ok).toBe(false);
    if (!big.ok) {
      expect(big.error.code).toBe('INVALID_ARGUMENT');
      expect(JSON.stringify(big.error)).toContain('limit');
    }
  });

  it('keeps one month document per branch and month with activities, exact after an edit moves one', async () => {
    const cmd = cloud.db().command;
    const keys = monthKeysBetween(T0 - 120 * DAY, T0 + 60 * DAY);
    const months = async (branchId: string) =>
      (await allWhere(cloud, 'branch_months', { ym: cmd.in(keys), branchId })) as unknown as {
        ym: number;
        held: number[];
        expected: number;
        present: number;
      }[];
    const before = await months('b1');
    expect(before.length).toBeGreaterThan(0);
    const heldBefore = before.reduce((n, d) => n + d.held.reduce((a, b) => a + b, 0), 0);
    expect(heldBefore).toBe(1); // p1 (p2 cancelled)
    expect(before.reduce((n, d) => n + d.present, 0)).toBe(2);
    expect(await months('b2')).toEqual([]);

    // p1 moved 40 days back (another month) and marked: its old month no longer counts it
    const moved = PAST - 40 * DAY;
    await cloud
      .db()
      .collection('activities')
      .doc('p1')
      .update({ startAt: moved, endAt: moved + HOUR });
    await cloud
      .db()
      .collection('summary_dirty')
      .doc('p1')
      .set({ activityId: 'p1', branchId: 'b1', at: T0, token: 't-move' });
    await cloud.fireTimer('attendance', 'summaries');
    const after = await months('b1');
    const heldIn = (ym: number) =>
      after.filter((d) => d.ym === ym).reduce((n, d) => n + d.held.reduce((a, b) => a + b, 0), 0);
    expect(heldIn(monthKey(moved))).toBe(1);
    expect(heldIn(monthKey(PAST))).toBe(0);
    expect(after.reduce((n, d) => n + d.present, 0)).toBe(2);
  });
});
