import type {
  TBranchStats,
  TMemberStats,
  TStatsInput,
  TStatsOutput,
  TTypeStats,
} from '../../../types/attendance';
import {
  branchOverviewFromYears,
  complianceQueryRange,
  monthKey,
  monthKeyStart,
  overviewPlan,
  type YearTotals,
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
import { branchYearsOf } from '../../core/repos/branch-years';
import { countDirty } from '../../core/repos/summary-dirty';
import { backfillsDone } from '../../core/repos/summary-state';
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

const ZH = new Intl.Collator('zh');

/** Off track: a required 三会一课 period already over and missed, or silent for 30 days. */
function offTrack(b: TBranchStats): boolean {
  return b.silentDays !== undefined || b.types.some((t) => !t.advisory && (t.missed ?? 0) > 0);
}

/**
 * Every branch side by side (the admin's overview) from the running summaries (repos/branch-years.ts,
 * repos/summary-dirty.ts): the branches, every branch's year document of the year(s) the compliance
 * report covers (one paged read per year, in parallel: a quarter or a year of 1,000 branches is one
 * page, two years only when the silence looks back across New Year), the number of marks still
 * waiting to be counted, and whether the first runs' backfills are over (a branch without a year
 * document before then is `refreshing`, not silent: a fresh deployment or the seed's first minutes)
 * — a handful of requests whatever the number of branches and their history.
 * Per branch: 三会一课 held vs required (the dashboard's rule), activities held, the silent-branch
 * warning, and the attendance totals of the held activities of the whole months from `from` to `to`
 * (`totals`); no per-member lines. Off-track branches first, then by name; one page answered.
 */
export async function overview(input: TStatsInput, now: number): Promise<TStatsOutput> {
  const { from, to } = input;
  const plan = overviewPlan(from, to, now);
  const [branches, years, refreshing, backfilled] = await Promise.all([
    listBranches(),
    branchYearsOf(plan.years),
    countDirty(),
    backfillsDone(),
  ]);
  const yearsOf = new Map<string, YearTotals[]>();
  for (const y of years) {
    const l = yearsOf.get(y.branchId);
    if (l) l.push(y);
    else yearsOf.set(y.branchId, [y]);
  }
  const all: TBranchStats[] = branches.map((b) => {
    const o = branchOverviewFromYears(plan, yearsOf.get(b.id) ?? []);
    const s: TBranchStats = {
      branchId: b.id,
      branchName: b.name,
      members: [],
      types: o.requirements.map(typeStats),
      held: o.held,
      lastActivityAt: o.silentBranch.lastActivityAt,
      totals: o.totals,
    };
    // no year document while the first runs still build them: waiting, not silent
    if (!backfilled && !yearsOf.has(b.id)) s.refreshing = true;
    else if (o.silentBranch.silent) s.silentDays = o.silentBranch.daysSince ?? -1;
    return s;
  });
  const off = new Set(all.filter((b) => !b.refreshing && offTrack(b)).map((b) => b.branchId));
  const refreshingBranches = all.filter((b) => b.refreshing).length;
  const q = input.q?.trim();
  const matched = all
    .filter((b) => (!input.offTrack || off.has(b.branchId)) && (!q || (b.branchName ?? '').includes(q)))
    .sort(
      (a, b) =>
        Number(off.has(b.branchId)) - Number(off.has(a.branchId)) ||
        ZH.compare(a.branchName ?? '', b.branchName ?? '') ||
        a.branchId.localeCompare(b.branchId),
    );
  const offset = input.offset ?? 0;
  return {
    branches: matched.slice(offset, offset + (input.limit ?? 20)),
    refreshing,
    refreshingBranches,
    total: matched.length,
    all: all.length,
    offTrackCount: off.size,
    // the month after `to`'s: monthKeyStart's Date.UTC carries month 13 into the next January
    months: { from: monthKeyStart(monthKey(from)), to: monthKeyStart(monthKey(to) + 1) },
  };
}

/**
 * Per-branch statistics; an admin who names no branch gets every branch side by side (`overview`).
 * A secretary who names none gets their own (the policy already scoped a named one).
 */
export async function stats(input: TStatsInput, ctx: ActionContext): Promise<TStatsOutput> {
  const { caller, now } = ctx;
  if (!input.branchId && caller.isAdmin) return overview(input, now);
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
