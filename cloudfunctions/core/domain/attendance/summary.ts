import { ACTIVITY_TYPES, type ActivityType } from '../../../../types/activity';
import { periodStart, shanghaiYearMonth } from './calendar';
import {
  complianceReport,
  isHeld,
  silentBranch,
  type RequirementResult,
  type SilentBranch,
} from './frequency';
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

function factsOf(branchId: string, t: CompactActivity, i: number): ActivityFacts {
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

/** Roster counts summed over held activities, and how many of them were never counted. */
type Sums = AttendanceCounts & { uncounted: number };
const SUM_KEYS = ['expected', 'present', 'excused', 'absent', 'pending', 'uncounted'] as const;

function noSums(): Sums {
  return { expected: 0, present: 0, excused: 0, absent: 0, pending: 0, uncounted: 0 };
}

/** Adds `s` to `into`. */
function addSums(into: Sums, s: Sums): void {
  for (const k of SUM_KEYS) into[k] += s[k];
}

/** Adds a held activity's roster counts to `into`, or one uncounted when they were never taken. */
function addHeld(into: Sums, t: CompactActivity): void {
  if (t[5] < 0) into.uncounted++;
  else
    addSums(into, {
      expected: t[5],
      present: t[6],
      excused: t[7],
      absent: t[8],
      pending: t[9],
      uncounted: 0,
    });
}

/** The overview's `totals` (with the rate) and `uncounted` from the sums. */
function overviewTotals({ uncounted, ...totals }: Sums): Pick<BranchOverview, 'totals' | 'uncounted'> {
  return { totals: { ...totals, rate: attendanceRate(totals) }, uncounted };
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
  const all = acts.map((t, i) => factsOf(branchId, t, i));
  const report = complianceReport(all, from, to, now);
  const sums = noSums();
  let held = 0;
  acts.forEach((t, i) => {
    const a = all[i];
    if (a.startAt < from || a.startAt > to || !isHeld(a, now)) return;
    held++;
    addHeld(sums, t);
  });
  return {
    requirements: report.requirements,
    silentBranch: report.silentBranch,
    held,
    ...overviewTotals(sums),
  };
}

// ---- per branch and Shanghai month: totals -----------------------------------------------------

/** A Shanghai calendar month as a number: 2026 December → 202612. */
export function monthKey(ms: number): number {
  const { year, month } = shanghaiYearMonth(ms);
  return year * 100 + month + 1;
}

/** Every month key from the month of `from` to the month of `to`, in order. */
export function monthKeysBetween(from: number, to: number): number[] {
  const out: number[] = [];
  let { year, month } = shanghaiYearMonth(from);
  const last = monthKey(to);
  for (;;) {
    const k = year * 100 + month + 1;
    if (k > last) return out;
    out.push(k);
    month++;
    if (month === 12) {
      month = 0;
      year++;
    }
  }
}

/** The instant a month key starts (Shanghai). */
export function monthKeyStart(key: number): number {
  return Date.UTC(Math.floor(key / 100), (key % 100) - 1, 1) - 8 * 3600_000;
}

/**
 * One branch's month, folded (repos/branch-months.ts): what the admin overview reads instead of
 * every activity. Activities over (held) at `asOf` are only counted — per type, 廉政党课 apart, their
 * roster totals, the latest start; the few not over yet at `asOf` (this month's and planned ones)
 * stay whole tuples in `open`, judged against the reader's `now` (an activity that ended since is held
 * then, with the counts the timer last took).
 */
export interface MonthTotals {
  /** month key (monthKey) */
  ym: number;
  /** held activities per ACTIVITY_TYPES index */
  held: number[];
  /** held party lectures flagged 廉政党课 (also in `held`) */
  integrity: number;
  /** roster totals of the held activities that were counted */
  expected: number;
  present: number;
  excused: number;
  absent: number;
  pending: number;
  /** held activities whose counts were never taken */
  uncounted: number;
  /** latest start of a held activity, null when none */
  lastStart: number | null;
  /** not cancelled and not over at `asOf` */
  open: CompactActivity[];
  asOf: number;
}

/** Folds one month's compact activities (all starting in month `ym`) as of `asOf`. */
export function monthTotals(ym: number, acts: readonly CompactActivity[], asOf: number): MonthTotals {
  const m: MonthTotals = {
    ym,
    held: ACTIVITY_TYPES.map(() => 0),
    integrity: 0,
    expected: 0,
    present: 0,
    excused: 0,
    absent: 0,
    pending: 0,
    uncounted: 0,
    lastStart: null,
    open: [],
    asOf,
  };
  for (const t of acts) {
    if (t[3] === 1) continue; // cancelled: neither held, nor silence-breaking, nor counted
    if (t[2] > asOf) {
      m.open.push(t);
      continue;
    }
    m.held[t[0]] = (m.held[t[0]] ?? 0) + 1;
    if (t[4] === 1) m.integrity++;
    if (m.lastStart === null || t[1] > m.lastStart) m.lastStart = t[1];
    addHeld(m, t);
  }
  return m;
}

/**
 * One branch's overview from its month totals: exactly `branchOverview` over the same activities
 * for a range of whole months — the compliance report over [from, to] (periods are whole months,
 * quarters and years, so a count per month and type decides them), the silence from the latest start,
 * and the attendance totals of the held activities starting in the months from `from`'s to `to`'s
 * (`months` must cover complianceQueryRange(from, to, now)).
 */
export function branchOverviewFromMonths(
  branchId: string,
  months: readonly MonthTotals[],
  from: number,
  to: number,
  now: number,
): BranchOverview {
  const firstYm = monthKey(from);
  const lastYm = monthKey(to);
  const facts: ActivityFacts[] = [];
  const starts: Pick<ActivityFacts, 'status' | 'startAt'>[] = [];
  const sums = noSums();
  let held = 0;
  let n = 0;
  for (const m of months) {
    const at = periodStart(monthKeyStart(m.ym), 'month');
    const inRange = m.ym >= firstYm && m.ym <= lastYm;
    // each held activity stands for itself at its month's start: the same month, quarter and year
    m.held.forEach((count, ti) => {
      let integrity = ACTIVITY_TYPES[ti] === 'party_lecture' ? m.integrity : 0;
      for (let i = 0; i < count; i++) {
        facts.push({
          id: `${branchId}#${n++}`,
          branchId,
          type: ACTIVITY_TYPES[ti] as ActivityType,
          title: '',
          startAt: at,
          endAt: at,
          status: 'scheduled',
          integrityLecture: integrity-- > 0,
        });
      }
    });
    if (m.lastStart !== null) starts.push({ status: 'scheduled', startAt: m.lastStart });
    if (inRange) {
      held += m.held.reduce((a, b) => a + b, 0);
      addSums(sums, m);
    }
    for (const t of m.open) {
      const f = { ...factsOf(branchId, t, n++) };
      facts.push(f);
      starts.push(f);
      if (!inRange || !isHeld(f, now)) continue;
      held++;
      addHeld(sums, t);
    }
  }
  const report = complianceReport(facts, from, to, now);
  return {
    requirements: report.requirements,
    silentBranch: silentBranch(starts, now),
    held,
    ...overviewTotals(sums),
  };
}
