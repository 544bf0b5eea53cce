import { ACTIVITY_TYPES, type ActivityType } from '../../../../types/activity';
import { shanghaiYearMonth } from './calendar';
import { complianceReport, isHeld, type RequirementResult, type SilentBranch } from './frequency';
import type { ActivityFacts } from './model';
import { attendanceRate, type AttendanceCounts } from './rates';

/**
 * Running summaries for the admin's side-by-side overview. Recomputing every branch's
 * rosters grows with the university's whole history; instead each activity's roster counts are
 * kept (repos/activity-summaries.ts, refreshed when its attendance changes) and folded into one compact
 * document per branch and Shanghai year, so the overview of 1,000 branches reads about 1,000 small
 * documents in a couple of requests.
 *
 * A compact activity is a tuple — the overview reads thousands of them:
 * `[typeIndex, startAt, endAt, cancelled 0|1, integrityLecture 0|1, expected, present, leave, absent, pending]`,
 * counts -1 while nothing is counted yet (the activity has not started).
 */
export type CompactActivity = [number, number, number, 0 | 1, 0 | 1, number, number, number, number, number];

export interface RosterCounts {
  expected: number;
  present: number;
  pending: number;
  leave: number;
  absent: number;
}

/** The Shanghai calendar year an activity belongs to (its start). */
export function summaryYear(startAt: number): number {
  return shanghaiYearMonth(startAt).year;
}

export function compactActivity(
  a: Pick<ActivityFacts, 'type' | 'startAt' | 'endAt' | 'status' | 'integrityLecture'>,
  counts: RosterCounts | null,
): CompactActivity {
  const c = counts ?? { expected: -1, present: -1, leave: -1, absent: -1, pending: -1 };
  return [
    ACTIVITY_TYPES.indexOf(a.type),
    a.startAt,
    a.endAt,
    a.status === 'cancelled' ? 1 : 0,
    a.integrityLecture ? 1 : 0,
    c.expected,
    c.present,
    c.leave,
    c.absent,
    c.pending,
  ];
}

function facts(branchId: string, t: CompactActivity, i: number): ActivityFacts {
  return {
    id: `${branchId}#${i}`,
    branchId,
    type: (ACTIVITY_TYPES[t[0]] ?? 'theme_day') as ActivityType,
    title: '',
    startAt: t[1],
    endAt: t[2],
    status: t[3] ? 'cancelled' : 'scheduled',
    integrityLecture: t[4] === 1,
  };
}

export interface BranchOverview {
  requirements: RequirementResult[];
  silentBranch: SilentBranch;
  /** activities held (not cancelled, over by `now`) that started in [from, to] */
  held: number;
  /** their roster counts summed (excused = approved leave); rate = present / (expected − excused) */
  totals: AttendanceCounts & { rate: number | null };
  /** held activities in range whose counts were never taken (should be 0 after the summary timer) */
  uncounted: number;
}

/**
 * One branch's overview from its compact activities (covering complianceQueryRange(from, to, now)):
 * the same compliance rule as the branch dashboard (frequency.ts) and the attendance totals of the
 * held activities in [from, to].
 */
export function branchOverview(
  branchId: string,
  acts: readonly CompactActivity[],
  from: number,
  to: number,
  now: number,
): BranchOverview {
  const all = acts.map((t, i) => facts(branchId, t, i));
  const report = complianceReport(all, from, to, now);
  const totals = { expected: 0, present: 0, excused: 0, absent: 0, pending: 0 };
  let held = 0;
  let uncounted = 0;
  acts.forEach((t, i) => {
    const a = all[i];
    if (a.startAt < from || a.startAt > to || !isHeld(a, now)) return;
    held++;
    if (t[5] < 0) {
      uncounted++;
      return;
    }
    totals.expected += t[5];
    totals.present += t[6];
    totals.excused += t[7];
    totals.absent += t[8];
    totals.pending += t[9];
  });
  return {
    requirements: report.requirements,
    silentBranch: report.silentBranch,
    held,
    totals: { ...totals, rate: attendanceRate(totals) },
    uncounted,
  };
}
