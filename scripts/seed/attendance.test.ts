import { useLocalCloud } from '../../testing/cloud';
import type { TBranchStats, TQueueOutput, TRosterOutput, TStatsOutput } from '../../types/attendance';

/** The demo seed gives the attendance pages real numbers (issue 6 "done when"). */
const cloud = useLocalCloud({ seed: true, env: { APP_ADMIN_OPENIDS: 'demo-admin' } });
const DAY = 24 * 3600_000;

describe('seeded attendance', () => {
  it('br-neike’s secretary has flagged check-ins, a make-up and a leave request waiting', async () => {
    const q = await cloud.call<TQueueOutput>('attendance', { action: 'queue', payload: {} }, 'demo-sec-1');
    expect(q.ok).toBe(true);
    if (!q.ok) return;
    expect(q.data.filter((i) => i.kind === 'checkin' && i.flags.includes('outside_fence'))).toHaveLength(2);
    expect(q.data.filter((i) => i.kind === 'checkin' && i.flags.length === 0)).toHaveLength(1);
    expect(q.data.map((i) => i.kind)).toEqual(expect.arrayContaining(['makeup', 'leave']));
    const sorted = [...q.data].sort((a, b) => b.at - a.at);
    expect(q.data.map((i) => i.id)).toEqual(sorted.map((i) => i.id));
  });

  it('statistics show held meetings and per-member rates; the admin sees every branch', async () => {
    const now = Date.now();
    const s = await cloud.call<TBranchStats>(
      'attendance',
      { action: 'stats', payload: { from: now - 90 * DAY, to: now } },
      'demo-sec-1',
    );
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(s.data.held).toBe(6);
    expect(s.data.members.length).toBeGreaterThan(5);
    expect(s.data.members.some((m) => m.rate !== null && m.rate > 0 && m.rate <= 1)).toBe(true);
    expect(s.data.members.some((m) => m.excused > 0)).toBe(true);
    expect(s.data.silentDays).toBeUndefined();
    const all = await cloud.call<TStatsOutput>(
      'attendance',
      { action: 'stats', payload: { from: now - 90 * DAY, to: now } },
      'demo-admin',
    );
    expect(all.ok && 'branches' in all.data).toBe(true);
    if (!all.ok || !('branches' in all.data)) return;
    expect(all.data.branches.length).toBe(8);
    expect(all.data.branches.find((b) => b.branchId === 'br-zuzhi')?.silentDays).toBeDefined();
  });

  it('the admin overview has its summaries from the start: held meetings, nothing waiting', async () => {
    const now = Date.now();
    const all = await cloud.call<TStatsOutput>(
      'attendance',
      { action: 'stats', payload: { from: now - 90 * DAY, to: now, limit: 50 } },
      'demo-admin',
    );
    if (!all.ok || !('branches' in all.data)) throw new Error(JSON.stringify(all));
    expect(all.data).toMatchObject({ refreshing: 0, refreshingBranches: 0 });
    const byId = new Map(all.data.branches.map((b) => [b.branchId, b]));
    expect([...byId.values()].some((b) => b.refreshing)).toBe(false);
    // the branches with a history are counted (not silent, with their meetings); the seed's silent
    // ones stay silent
    const neike = byId.get('br-neike')!;
    expect(neike.silentDays).toBeUndefined();
    expect(neike.held).toBe(6);
    expect(neike.totals?.expected).toBeGreaterThan(0);
    for (const id of ['br-zuzhi', 'br-huliyjs', 'br-litui']) expect(byId.get(id)?.silentDays).toBeDefined();
    // every seeded activity has its summary (the timer ran to the end: nothing left for the first run)
    const db = cloud.db();
    const activities = Number((await db.collection('activities').count()).total);
    const summaries = Number((await db.collection('activity_summaries').count()).total);
    expect(summaries).toBe(activities);
    const state = await db.collection('summary_state').doc('years').get();
    expect((state.data as { done?: boolean }[])[0]?.done).toBe(true);
  });

  it('a seeded meeting’s roster adds up', async () => {
    const r = await cloud.call<TRosterOutput>(
      'attendance',
      { action: 'roster', payload: { activityId: 'seed-act-br-neike-2' } },
      'demo-sec-1',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { expected, present, pending, leave, absent } = r.data;
    expect(expected.length).toBeGreaterThan(5);
    expect(present.length + pending.length + leave.length + absent.length).toBe(expected.length);
    expect(present.length).toBeGreaterThan(absent.length);
  });
});

describe('seeded meeting secrets', () => {
  it('every seeded activity carries a 32-byte secret the rotating-code rules accept', async () => {
    const { base64urlToBytes } = await import('../../cloudfunctions/core/domain/rotating-code');
    const res = await cloud
      .db()
      .collection('activities')
      .where({ branchId: 'br-neike' }) // attendance history + the reminder demo meeting
      .limit(1000)
      .get();
    expect(res.data.length).toBeGreaterThan(3);
    for (const a of res.data as { _id: string; secret: string }[]) {
      expect(base64urlToBytes(a.secret)).toHaveLength(32);
    }
  });
});
