import { useLocalCloud } from '../../testing/cloud';
import { activityDoc, addBranches, memberDoc } from '../../testing/fixtures';
import type { TBranchStats, TStatsOutput } from '../../types/attendance';

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
});
