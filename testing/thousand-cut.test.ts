import ExcelJS from 'exceljs';
import type { TListBranchOutput } from '../types/activity';
import type {
  TAuditOutput,
  TBranchStats,
  TExportOutput,
  TQueueOutput,
  TRosterOutput,
} from '../types/attendance';
import type { TListBranchesOutput, TListMembersOutput } from '../types/member';
import type { TStatsOutput } from '../types/attendance';
import { ACTIVITY_TYPES } from '../types/activity';
import {
  monthKey,
  monthKeyStart,
  packYear,
  summaryYear,
  yearTotals,
  type CompactActivity,
} from '../cloudfunctions/core/domain/attendance/summary';
import { useLocalCloud } from './cloud';
import { activityDoc, addInPages, memberDoc } from './fixtures';

/**
 * The 1,000-document cut (issue 17). CloudBase answers at most 1,000 documents per `get()` and the
 * local cloud cuts at the same number, so every answer below that is exact proves its read pages
 * (or counts on the server) instead of silently stopping at 1,000: a branch of 1,500 active members
 * (plus 60 unbound rows), one meeting with 1,200 approved check-ins, 50 pending, 100 approved leaves
 * and 150 absentees, 1,001 branches, and 120 audit entries written in the same millisecond.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_admin' } });

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const T0 = Date.now();
const START = T0 - 2 * DAY;

const MEMBERS = 1500;
const PRESENT = 1200;
const PENDING = 50;
const LEAVE = 100;
const ABSENT = MEMBERS - PRESENT - PENDING - LEAVE; // 150
const UNBOUND = 60;

const mid = (i: number) => `m${String(i).padStart(4, '0')}`;

/** A branch's held meetings of `year` up to T0 (10 expected, 8 present, 1 on leave, 1 absent each). */
function aYear(year: number): CompactActivity[] {
  const out: CompactActivity[] = [];
  const held = (type: string, startAt: number, integrity: 0 | 1 = 0) =>
    out.push([ACTIVITY_TYPES.indexOf(type as never), startAt, startAt + HOUR, 0, integrity, 10, 8, 1, 1, 0]);
  for (let m = 1; m <= 12; m++) {
    const ym = year * 100 + m;
    if (ym > monthKey(T0)) break;
    // this month's: earlier today (held, and not silent)
    const at = ym === monthKey(T0) ? Math.max(monthKeyStart(ym), T0 - 3 * HOUR) : monthKeyStart(ym) + DAY;
    for (const type of ['committee_meeting', 'group_meeting', 'theme_day']) held(type, at);
    if ((m - 1) % 3 === 0) {
      held('branch_congress', at);
      held('party_lecture', at, m === 1 ? 1 : 0);
    }
  }
  return out;
}

beforeAll(async () => {
  const db = cloud.db();
  await db
    .collection('branches')
    .add({ _id: 'big', name: '大支部', college: '临床医学院', createdAt: T0, updatedAt: T0 });
  // 1,000 more branches: 1,001 in all, more than one page
  await addInPages(
    cloud,
    'branches',
    Array.from({ length: 1000 }, (_x, i) => ({
      _id: `b${i}`,
      name: `支部${String(i).padStart(4, '0')}`,
      college: '医学院',
      createdAt: T0,
      updatedAt: T0,
    })),
  );
  // and their running summaries (what the `summaries` timer keeps): every month of this year and the
  // last, the three monthly meetings, the quarterly congress and lecture, one 廉政党课 a year
  await addInPages(
    cloud,
    'branch_years',
    Array.from({ length: 1000 }, (_x, i) => i).flatMap((i) =>
      [summaryYear(T0) - 1, summaryYear(T0)].map((year) => ({
        _id: `b${i}:${year}`,
        branchId: `b${i}`,
        ...packYear(yearTotals(year, aYear(year), T0)),
        updatedAt: T0,
      })),
    ),
  );
  // several members share a name: paging by name alone would skip or repeat them
  const members = [
    memberDoc(T0, 'sec', 'big', ['member', 'secretary'], { name: '书记' }),
    ...Array.from({ length: MEMBERS - 1 }, (_x, i) =>
      memberDoc(T0, mid(i), 'big', ['member'], { name: `成员${i % 700}` }),
    ),
    ...Array.from({ length: UNBOUND }, (_x, i) =>
      memberDoc(T0, `u${i}`, 'big', ['member'], {
        openid: `unbound:u${i}`,
        status: 'unbound',
        boundAt: null,
      }),
    ),
  ];
  await addInPages(cloud, 'members', members);
  await db.collection('activities').add(
    activityDoc(T0, 'huge', START, 'big', {
      type: 'branch_congress',
      title: '全体党员大会',
      approval: 'risk',
    }),
  );
  // members in id order: 'm0000'.. then 'sec' last; 'sec' is one of the present
  const ids = members.filter((m) => m.status === 'active').map((m) => m._id);
  const checkin = (memberId: string, status: string, i: number) => ({
    _id: `huge:${memberId}`,
    activityId: 'huge',
    memberId,
    branchId: 'big',
    memberName: `成员${memberId}`,
    status,
    method: 'rotating',
    flags: status === 'pending' ? ['outside_fence'] : [],
    at: START + i * 1000,
    checkedInAt: START + i * 1000,
    nonce: `n_${memberId}`,
    deviceId: `dev_${memberId}`,
    location: null,
    createdAt: START,
    updatedAt: START,
  });
  await addInPages(cloud, 'checkins', [
    ...ids.slice(0, PRESENT).map((m, i) => checkin(m, 'approved', i)),
    ...ids.slice(PRESENT, PRESENT + PENDING).map((m, i) => checkin(m, 'pending', i)),
  ]);
  await addInPages(
    cloud,
    'requests',
    ids.slice(PRESENT + PENDING, PRESENT + PENDING + LEAVE).map((m) => ({
      _id: `huge:${m}:leave:0`,
      kind: 'leave',
      activityId: 'huge',
      branchId: 'big',
      memberId: m,
      memberName: `成员${m}`,
      status: 'approved',
      reason: '出诊',
      createdAt: START - DAY,
      updatedAt: START - DAY,
    })),
  );
  // one batch review's worth of audit entries: same instant, 120 of them
  await addInPages(
    cloud,
    'audit',
    Array.from({ length: 120 }, (_x, i) => ({
      _id: `au${String(i).padStart(3, '0')}`,
      at: T0 - HOUR,
      actor: 'sec',
      action: 'checkin.approve',
      targetType: 'checkin',
      targetId: `huge:${mid(i)}`,
      branchId: 'big',
      activityId: 'huge',
    })),
  );
}, 120_000);

describe('the 1,000-document cut never truncates silently', () => {
  it('listMembers answers all 1,560 roster rows of a branch, each once', async () => {
    const r = await cloud.call<TListMembersOutput>(
      'member',
      { action: 'listMembers', payload: { branchId: 'big' } },
      'o_sec',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toHaveLength(MEMBERS + UNBOUND);
    expect(new Set(r.data.map((m) => m.id)).size).toBe(MEMBERS + UNBOUND);
  });

  it('roster: 1,500 expected = 1,200 present + 50 pending + 100 leave + 150 absent', async () => {
    const r = await cloud.call<TRosterOutput>(
      'attendance',
      { action: 'roster', payload: { activityId: 'huge' } },
      'o_sec',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect({
      expected: r.data.expected.length,
      present: r.data.present.length,
      pending: r.data.pending.length,
      leave: r.data.leave.length,
      absent: r.data.absent.length,
    }).toEqual({ expected: MEMBERS, present: PRESENT, pending: PENDING, leave: LEAVE, absent: ABSENT });
    expect(new Set(r.data.present.map((m) => m.memberId)).size).toBe(PRESENT);
  });

  it("the branch's activity list counts 1,200 present of 1,500 expected", async () => {
    const r = await cloud.call<TListBranchOutput>(
      'activity',
      { action: 'listBranch', payload: { branchId: 'big', from: START - DAY, to: T0 } },
      'o_sec',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.map((a) => [a.id, a.counts])).toEqual([
      ['huge', { expected: MEMBERS, present: PRESENT, pending: PENDING, leave: LEAVE }],
    ]);
  });

  it('branch statistics rate all 1,500 members from every record', async () => {
    const r = await cloud.call<TBranchStats>(
      'attendance',
      { action: 'stats', payload: { branchId: 'big', from: START - DAY, to: T0 } },
      'o_sec',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const rows = r.data.members;
    expect(rows).toHaveLength(MEMBERS);
    const sum = (k: 'present' | 'excused' | 'absent' | 'pending') =>
      rows.reduce((n, m) => n + (m[k] ?? 0), 0);
    expect([sum('present'), sum('pending'), sum('excused'), sum('absent')]).toEqual([
      PRESENT,
      PENDING,
      LEAVE,
      ABSENT,
    ]);
  });

  it('the export holds one row per expected member and 1,200 present', async () => {
    const r = await cloud.call<TExportOutput>(
      'attendance',
      { action: 'export', payload: { branchId: 'big', from: START - DAY, to: T0 } },
      'o_sec',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.data.contentBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('出勤记录')!;
    expect(sheet.actualRowCount - 1).toBe(MEMBERS);
    const summary = wb.getWorksheet('个人汇总')!;
    expect(summary.actualRowCount - 1).toBe(MEMBERS);
    const exp = await cloud.db().collection('exports').where({ branchId: 'big' }).limit(10).get();
    expect(exp.data.map((d: { rows: number }) => d.rows)).toEqual([MEMBERS]);
  }, 60_000);

  it('the queue lists all 50 pending check-ins', async () => {
    const r = await cloud.call<TQueueOutput>(
      'attendance',
      { action: 'queue', payload: { branchId: 'big' } },
      'o_sec',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.filter((i) => i.kind === 'checkin')).toHaveLength(PENDING);
  });

  it('the branch picker reaches all 1,001 branches, a page at a time', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    let total: number | undefined;
    for (;;) {
      const r = await cloud.call<TListBranchesOutput>(
        'member',
        { action: 'listBranches', payload: { limit: 50, ...(cursor ? { cursor } : {}) } },
        'o_sec',
      );
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      total ??= r.data.total;
      ids.push(...r.data.items.map((b) => b.id));
      if (!r.data.nextCursor) break;
      cursor = r.data.nextCursor;
    }
    expect(total).toBe(1001);
    expect(ids).toHaveLength(1001);
    expect(new Set(ids).size).toBe(1001);
  });

  it("the admin overview of 1,001 branches reads every branch's year in ≤ 20 requests (a quarter and a year)", async () => {
    const quarterFrom = monthKeyStart(monthKey(T0) - (((monthKey(T0) % 100) - 1) % 3));
    for (const from of [quarterFrom, monthKeyStart(summaryYear(T0) * 100 + 1)]) {
      const ask = (extra: object) =>
        cloud.callCounted<Exclude<TStatsOutput, TBranchStats>>(
          'attendance',
          { action: 'stats', payload: { from, to: T0, ...extra } },
          'o_admin',
        );
      const r = await ask({});
      expect(r.result.ok).toBe(true);
      if (!r.result.ok) return;
      expect(r.result.data.all).toBe(1001);
      expect(r.dbRequests).toBeLessThanOrEqual(20);
      // every branch's year was read: only 'big' (activities never counted by the timer, which has
      // never run here) has no year document — it is still being summarised, not judged — and no
      // branch is off track
      expect(r.result.data.refreshingBranches).toBe(1);
      const waiting = await ask({ q: '大支部' });
      expect(waiting.result.ok && waiting.result.data.branches[0]).toMatchObject({
        branchId: 'big',
        refreshing: true,
      });
      const off = await ask({ offTrack: true, limit: 50 });
      expect(off.result.ok && off.result.data.branches.map((b) => b.branchId)).toEqual([]);
      // one branch's numbers: the months from `from` to T0, every meeting 10 / 8 / 1 / 1
      const one = await ask({ q: '支部0777' });
      if (!one.result.ok) throw new Error(JSON.stringify(one.result.error));
      const b = one.result.data.branches[0];
      let held = 0;
      for (let ym = monthKey(from); ym <= monthKey(T0); ym++) held += (ym % 100) % 3 === 1 ? 5 : 3;
      expect(b).toMatchObject({ branchId: 'b777', held });
      expect(b.totals).toEqual({
        expected: 10 * held,
        present: 8 * held,
        excused: held,
        absent: held,
        pending: 0,
        rate: 8 / 9,
      });
      expect(b.types.find((t) => t.key === 'integrity_lecture')).toMatchObject({
        held: 1,
        required: 1,
      });
      expect(b.silentDays).toBeUndefined();
    }
  });

  it('audit pages through 120 entries of the same instant without skipping or repeating one', async () => {
    const seen: string[] = [];
    let last: { at: number; id: string } | undefined;
    for (let page = 0; page < 10; page++) {
      const payload = {
        activityId: 'huge',
        limit: 50,
        ...(last ? { before: last.at, beforeId: last.id } : {}),
      };
      const r = await cloud.call<TAuditOutput>('attendance', { action: 'audit', payload }, 'o_sec');
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      seen.push(...r.data.map((e) => e.id));
      if (r.data.length < 50) break;
      last = { at: r.data[r.data.length - 1].at, id: r.data[r.data.length - 1].id };
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
  });
});
