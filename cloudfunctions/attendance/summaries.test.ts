import { useLocalCloud } from '../../testing/cloud';
import { activityDoc, addBranches, allWhere, memberDoc } from '../../testing/fixtures';
import type { TBranchStats, TStatsOutput } from '../../types/attendance';
import { monthKey, summaryYear, unpackYear, type PackedYear } from '../core/domain/attendance/summary';

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
    // …and the overview says so: both branches wait for the first run, neither is judged silent or
    // off track meanwhile (a fresh deployment, the demo before its first minutes)
    expect(before).toMatchObject({ refreshingBranches: 2, offTrackCount: 0 });
    for (const id of ['b1', 'b2']) {
      expect(branch(before, id).refreshing).toBe(true);
      expect(branch(before, id).silentDays).toBeUndefined();
    }

    const run = await cloud.fireTimer<{ ok: boolean; data: { counted: number } }>('attendance', 'summaries');
    expect(run.result).toMatchObject({ ok: true, data: { counted: 2 } });

    const o = await overview();
    expect(o.refreshing).toBe(0);
    // the backfills are over: a branch without a year document has no activity (b2: silent)
    expect(o.refreshingBranches).toBe(0);
    expect(o.branches.some((b) => b.refreshing)).toBe(false);
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

  const cmd = () => cloud.db().command;
  const YEARS = [summaryYear(T0 - 500 * DAY), summaryYear(T0 - 250 * DAY), summaryYear(T0 + 60 * DAY)];
  type YearDoc = {
    _id: string;
    year: number;
    months: { ym: number; held: number[]; expected: number; present: number }[];
    open: unknown[];
  };
  const yearDocs = async (branchId: string) =>
    (
      (await allWhere(cloud, 'branch_years', { year: cmd().in(YEARS), branchId })) as unknown as PackedYear[]
    ).map((d) => ({ ...d, ...unpackYear(d) }) as unknown as YearDoc);
  /** p1 marked changed (as an edit marks it), then the summaries timer runs. */
  const remark = async (token: string) => {
    await cloud
      .db()
      .collection('summary_dirty')
      .doc('p1')
      .set({ activityId: 'p1', branchId: 'b1', at: T0, token });
    await cloud.fireTimer('attendance', 'summaries');
  };

  it('builds the year documents of summaries that predate them, once (a deployment from before)', async () => {
    const before = await yearDocs('b1');
    expect(before.map((d) => d.year)).toEqual([summaryYear(PAST)]);
    const totalsBefore = branch(await overview(), 'b1').totals;
    // what a deployment from before the year documents has: summaries, no year documents
    await cloud
      .db()
      .collection('branch_years')
      .where({ year: cmd().in(YEARS) })
      .remove();
    await cloud.db().collection('summary_state').doc('years').remove();
    expect(branch(await overview(), 'b1').held).toBe(0);

    const run = await cloud.fireTimer<{ ok: boolean; data: { counted: number; more: boolean } }>(
      'attendance',
      'summaries',
    );
    expect(run.result).toMatchObject({ ok: true, data: { counted: 0, more: false } });
    const after = await yearDocs('b1');
    const strip = (d: YearDoc) => ({ ...d, asOf: 0, updatedAt: 0 });
    expect(after.map(strip)).toEqual(before.map(strip));
    expect(branch(await overview(), 'b1').totals).toEqual(totalsBefore);
    const state = await cloud.db().collection('summary_state').doc('years').get();
    expect(state.data[0]).toMatchObject({ done: true });
    // done once: the next run does not walk again
    await cloud.db().collection('branch_years').doc(before[0]._id).remove();
    await cloud.fireTimer('attendance', 'summaries');
    expect(await yearDocs('b1')).toEqual([]);
    // an activity marked again rebuilds its year
    await remark('t-again');
    expect((await yearDocs('b1')).map(strip)).toEqual(before.map(strip));
  });

  it('keeps one year document per branch and year with activities, exact after an edit moves one to another year', async () => {
    const before = await yearDocs('b1');
    const held = (docs: YearDoc[], ym: number) =>
      docs
        .flatMap((d) => d.months)
        .filter((m) => m.ym === ym)
        .reduce((n, m) => n + m.held.reduce((a, b) => a + b, 0), 0);
    expect(held(before, monthKey(PAST))).toBe(1); // p1 (p2 cancelled)
    expect(before.flatMap((d) => d.months).reduce((n, m) => n + m.present, 0)).toBe(2);
    expect(await yearDocs('b2')).toEqual([]);

    // p1 moved 400 days back (the year before) and marked: its old year no longer counts it
    const moved = PAST - 400 * DAY;
    await cloud
      .db()
      .collection('activities')
      .doc('p1')
      .update({ startAt: moved, endAt: moved + HOUR });
    await remark('t-move');
    const after = await yearDocs('b1');
    expect(after.map((d) => d.year).sort()).toEqual([summaryYear(moved), summaryYear(PAST)]);
    expect(held(after, monthKey(moved))).toBe(1);
    expect(held(after, monthKey(PAST))).toBe(0);
    // the cancelled p2 keeps its year's document, with nothing held
    expect(after.find((d) => d.year === summaryYear(PAST))?.months).toEqual([]);
    // recounted there: its roster as of that day (the members joined later)
    expect(after.find((d) => d.year === summaryYear(moved))?.months).toMatchObject([
      { ym: monthKey(moved), uncounted: 0 },
    ]);
  });
});
