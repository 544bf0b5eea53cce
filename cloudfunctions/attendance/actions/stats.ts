import type {
  TBranchStats,
  TMemberStats,
  TStatsInput,
  TStatsOutput,
  TTypeStats,
} from '../../../types/attendance';
import {
  branchOverview,
  complianceQueryRange,
  summaryYear,
  type CompactActivity,
  complianceReport,
  isHeld,
  memberAttendanceRates,
  type ActivityAttendance,
  type MemberRate,
  type RequirementResult,
} from '../../core/domain/attendance';
import { listBranchActivities } from '../../core/repos/activities';
import { activeMembersOfBranch } from '../../core/repos/members';
import { getBranch, listBranches } from '../../core/repos/branches';
import { branchSummariesOfYears } from '../../core/repos/branch-summaries';
import { countDirty } from '../../core/repos/summary-dirty';
import type { ActionContext } from '../../core/router';
import { activityFacts, loadRosters, type ActivityRoster } from './common';

export interface BranchAttendance {
  branchId: string;
  /** held activities starting in [from, to], oldest first, with their rosters */
  rosters: ActivityRoster[];
  stats: TBranchStats;
}

function memberStats(r: MemberRate): TMemberStats {
  return {
    memberId: r.memberId,
    name: r.name,
    expected: r.expected,
    present: r.present,
    excused: r.excused,
    absent: r.absent,
    pending: r.pending,
    rate: r.rate,
  };
}

/**
 * One branch over `[from, to]`: every held activity's roster (domain/attendance/roster.ts), the
 * per-member rates over the range and per Shanghai quarter (rates.ts, excused apart), held vs
 * required per meeting type (frequency.ts) and the silent-branch warning. Statistics and the export
 * both read this, so the file's totals are the roster's by construction — and the tests check it.
 */
export async function branchAttendance(
  branchId: string,
  from: number,
  to: number,
  now: number,
): Promise<BranchAttendance> {
  const range = complianceQueryRange(from, to, now);
  const [activities, members, branch] = await Promise.all([
    listBranchActivities(branchId, range.from, range.to),
    activeMembersOfBranch(branchId),
    getBranch(branchId),
  ]);
  const inRange = activities
    .filter((a) => a.startAt >= from && a.startAt <= to && isHeld(a, now))
    .sort((a, b) => a.startAt - b.startAt);
  const rosters: ActivityRoster[] = await loadRosters(inRange, members);
  const rows: ActivityAttendance[] = rosters.map((r) => ({
    activity: {
      id: r.activity._id,
      startAt: r.activity.startAt,
      endAt: r.activity.endAt,
      status: r.activity.status,
    },
    members: r.summary.expected,
  }));
  const report = complianceReport(activities.map(activityFacts), from, to, now);
  const types = report.requirements.map(typeStats);
  const silent = report.silentBranch;
  const stats: TBranchStats = {
    branchId,
    members: memberAttendanceRates(rows, now, 'all').map(memberStats),
    types,
    byQuarter: memberAttendanceRates(rows, now, 'quarter').map((r) => ({
      ...memberStats(r),
      period: r.period ?? '',
    })),
    held: inRange.length,
    lastActivityAt: silent.lastActivityAt,
  };
  if (branch) stats.branchName = branch.name;
  if (silent.silent) stats.silentDays = silent.daysSince ?? -1;
  stats.members.sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  return { branchId, rosters, stats };
}

/**
 * Every branch side by side (the admin's overview) from the running summaries (repos/branch-summaries.ts, repos/summary-dirty.ts):
 * the branches, their branch-year summaries and the number of marks still waiting to be counted —
 * a handful of requests whatever the number of branches and the length of their history. Per
 * branch: 三会一课 held vs required (the dashboard's rule), activities held, the silent-branch
 * warning, and the attendance totals of the held activities (`totals`); no per-member lines.
 */
export async function overview(from: number, to: number, now: number): Promise<TStatsOutput> {
  const range = complianceQueryRange(from, to, now);
  const years: number[] = [];
  for (let y = summaryYear(range.from); y <= summaryYear(range.to); y++) years.push(y);
  const [branches, summaries, refreshing] = await Promise.all([
    listBranches(),
    branchSummariesOfYears(years),
    countDirty(),
  ]);
  const actsOf = new Map<string, CompactActivity[]>();
  for (const s of summaries) {
    const l = actsOf.get(s.branchId);
    if (l) l.push(...s.acts);
    else actsOf.set(s.branchId, [...s.acts]);
  }
  const out: TBranchStats[] = branches.map((b) => {
    const o = branchOverview(b.id, actsOf.get(b.id) ?? [], from, to, now);
    const s: TBranchStats = {
      branchId: b.id,
      branchName: b.name,
      members: [],
      types: o.requirements.map(typeStats),
      held: o.held,
      lastActivityAt: o.silentBranch.lastActivityAt,
      totals: o.totals,
    };
    if (o.silentBranch.silent) s.silentDays = o.silentBranch.daysSince ?? -1;
    return s;
  });
  return { branches: out, refreshing };
}

/**
 * Per-branch statistics; an admin who names no branch gets every branch side by side (`overview`).
 * A secretary who names none gets their own (the policy already scoped a named one).
 */
export async function stats(input: TStatsInput, ctx: ActionContext): Promise<TStatsOutput> {
  const { caller, now } = ctx;
  if (!input.branchId && caller.isAdmin) return overview(input.from, input.to, now);
  const branchId = input.branchId ?? caller.branchId!;
  return (await branchAttendance(branchId, input.from, input.to, now)).stats;
}

/** One meeting requirement's result as the dashboard shows it (per branch and per overview row). */
function typeStats(q: RequirementResult): TTypeStats {
  return {
    type: q.type,
    key: q.key,
    label: q.label,
    advisory: q.advisory,
    held: q.totals.held,
    required: q.totals.required,
    missed: q.missed,
  };
}
