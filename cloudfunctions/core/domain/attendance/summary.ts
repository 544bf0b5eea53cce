import { ACTIVITY_TYPES, type ActivityType } from '../../../../types/activity';
import { shanghaiYearMonth, type Period } from './calendar';
import {
  complianceQueryRange,
  complianceReport,
  isHeld,
  judgeRequirements,
  requirementPeriods,
  silentBranch,
  type MeetingRequirement,
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
 * One branch's month, folded (kept inside its year document, repos/branch-years.ts): what the admin overview reads instead of
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
    if (t[4] === 1 && ACTIVITY_TYPES[t[0]] === 'party_lecture') m.integrity++;
    if (m.lastStart === null || t[1] > m.lastStart) m.lastStart = t[1];
    addHeld(m, t);
  }
  return m;
}

// ---- per branch and Shanghai year: the month totals in one document ----------------------------

/** One month's counts inside a branch-year document: `MonthTotals` without `open` and `asOf`. */
export type MonthCounts = Omit<MonthTotals, 'open' | 'asOf'>;

/**
 * One branch's Shanghai year, folded (repos/branch-years.ts): what the admin overview reads — one
 * document per branch and year whatever the range (a quarter or the whole year: one read of 1,000
 * documents per page), with every month's counts for the month and quarter rules, the
 * 廉政党课 of the year rule and the silence, and the activities not over at `asOf` as whole tuples.
 */
export interface YearTotals {
  year: number;
  /** the months with a held activity, in order */
  months: MonthCounts[];
  /** every activity of the year not cancelled and not over at `asOf`, judged against the reader's `now` */
  open: CompactActivity[];
  asOf: number;
}

/** Folds one Shanghai year's compact activities (all starting in `year`) as of `asOf`. */
export function yearTotals(year: number, acts: readonly CompactActivity[], asOf: number): YearTotals {
  const byMonth = new Map<number, CompactActivity[]>();
  for (const t of acts) {
    const ym = monthKey(t[1]);
    const l = byMonth.get(ym);
    if (l) l.push(t);
    else byMonth.set(ym, [t]);
  }
  const months: MonthCounts[] = [];
  const open: CompactActivity[] = [];
  for (const ym of [...byMonth.keys()].sort((a, b) => a - b)) {
    const { open: o, asOf: _asOf, ...counts } = monthTotals(ym, byMonth.get(ym)!, asOf);
    open.push(...o);
    if (counts.held.some((n) => n > 0)) months.push(counts);
  }
  open.sort((a, b) => a[1] - b[1]);
  return { year, months, open, asOf };
}

/**
 * A year as stored (repos/branch-years.ts): each month packed into one string of numbers —
 * `ym,integrity,expected,present,excused,absent,pending,uncounted,lastStart|-1,held…` (held per
 * ACTIVITY_TYPES index, last so a longer type list still reads) — and each open activity's tuple
 * likewise. The overview reads a document per branch; every JSON value costs in each step of the
 * read (the database's serialisation, the SDK's EJSON decoding, which walks every number), so a few
 * strings instead of objects of numbers make the read of 1,000 branches several times cheaper.
 */
export interface PackedYear {
  year: number;
  months: string[];
  open: string[];
  asOf: number;
}

export function packYear(y: YearTotals): PackedYear {
  return {
    year: y.year,
    months: y.months.map((m) =>
      [
        m.ym,
        m.integrity,
        m.expected,
        m.present,
        m.excused,
        m.absent,
        m.pending,
        m.uncounted,
        m.lastStart ?? -1,
        ...m.held,
      ].join(','),
    ),
    open: y.open.map((t) => t.join(',')),
    asOf: y.asOf,
  };
}

export function unpackYear(p: PackedYear): YearTotals {
  return {
    year: p.year,
    months: p.months.map((s): MonthCounts => {
      const n = s.split(',').map(Number);
      const held = ACTIVITY_TYPES.map((_t, i) => n[9 + i] ?? 0);
      return {
        ym: n[0],
        held,
        integrity: n[1],
        expected: n[2],
        present: n[3],
        excused: n[4],
        absent: n[5],
        pending: n[6],
        uncounted: n[7],
        lastStart: n[8] < 0 ? null : n[8],
      };
    }),
    open: p.open.map((t) => t.split(',').map(Number) as CompactActivity),
    asOf: p.asOf,
  };
}

/**
 * What an overview of `[from, to]` at `now` needs, computed once for every branch: the months the
 * compliance report covers (complianceQueryRange, whole months), the years to read, each rule's
 * periods with their months, and the months of the attendance totals.
 */
export interface OverviewPlan {
  from: number;
  to: number;
  now: number;
  /** months of complianceQueryRange(from, to, now) */
  months: ReadonlySet<number>;
  /** their years: the branch-year documents to read */
  years: number[];
  /** months of the attendance totals: from the month of `from` to the month of `to` */
  firstYm: number;
  lastYm: number;
  rules: { req: MeetingRequirement; periods: Period[]; typeIndex: number; monthsOf: number[][] }[];
}

export function overviewPlan(from: number, to: number, now: number): OverviewPlan {
  const range = complianceQueryRange(from, to, now);
  const rules = requirementPeriods(from, to).map(({ req, periods }) => ({
    req,
    periods,
    typeIndex: ACTIVITY_TYPES.indexOf(req.type),
    monthsOf: periods.map((p) => monthKeysBetween(p.start, p.end - 1)),
  }));
  const firstYm = monthKey(from);
  const lastYm = monthKey(to);
  // a month that starts after `now` and lies in no period and not in the totals cannot change the
  // answer (nothing in it is held or has begun): e.g. the January after a year's last period
  // (complianceQueryRange ends at the period's exclusive end), which would cost a second year's read
  let lastUsed = lastYm;
  for (const r of rules) for (const ms of r.monthsOf) for (const ym of ms) lastUsed = Math.max(lastUsed, ym);
  const months = monthKeysBetween(range.from, range.to).filter(
    (ym) => ym <= lastUsed || monthKeyStart(ym) <= now,
  );
  return {
    from,
    to,
    now,
    months: new Set(months),
    years: [...new Set(months.map((ym) => Math.floor(ym / 100)))],
    firstYm,
    lastYm,
    rules,
  };
}

/**
 * One branch's overview from its branch-year documents (those of `plan.years` it has): exactly
 * `branchOverview` over the same activities of the plan's whole months — per rule and period the
 * held count summed from the months (and the open tuples over by `now`), the silence from the
 * months' latest starts and the open tuples that have begun, the attendance totals of the months
 * from `from`'s to `to`'s. Counts only: no activity is rebuilt.
 */
export function branchOverviewFromYears(plan: OverviewPlan, years: readonly YearTotals[]): BranchOverview {
  const { now, firstYm, lastYm } = plan;
  const held = new Map<number, number[]>(); // per month: held per type, then 廉政党课 last
  const nTypes = ACTIVITY_TYPES.length;
  const heldOf = (ym: number) => {
    let h = held.get(ym);
    if (!h) held.set(ym, (h = new Array<number>(nTypes + 1).fill(0)));
    return h;
  };
  const starts: Pick<ActivityFacts, 'status' | 'startAt'>[] = [];
  const sums = noSums();
  let heldInRange = 0;
  for (const y of years) {
    for (const m of y.months) {
      if (!plan.months.has(m.ym)) continue;
      // counted when held at the timer's run: held now (a month that starts after `now` holds none)
      if (monthKeyStart(m.ym) <= now) {
        const h = heldOf(m.ym);
        for (let ti = 0; ti < m.held.length; ti++) h[ti] += m.held[ti];
        h[nTypes] += m.integrity;
      }
      if (m.lastStart !== null) starts.push({ status: 'scheduled', startAt: m.lastStart });
      if (m.ym < firstYm || m.ym > lastYm) continue;
      for (const n of m.held) heldInRange += n;
      addSums(sums, m);
    }
    for (const t of y.open) {
      const ym = monthKey(t[1]);
      if (!plan.months.has(ym)) continue;
      starts.push({ status: 'scheduled', startAt: t[1] });
      if (t[2] > now) continue; // not over yet: not held
      const h = heldOf(ym);
      h[t[0]]++;
      if (t[4] === 1 && ACTIVITY_TYPES[t[0]] === 'party_lecture') h[nTypes]++;
      if (ym < firstYm || ym > lastYm) continue;
      heldInRange++;
      addHeld(sums, t);
    }
  }
  const results = judgeRequirements(
    plan.rules,
    (ri, _p, pi) => {
      const rule = plan.rules[ri];
      const col = rule.req.integrityOnly ? nTypes : rule.typeIndex;
      let n = 0;
      for (const ym of rule.monthsOf[pi]) n += held.get(ym)?.[col] ?? 0;
      return n;
    },
    now,
  );
  return {
    requirements: results,
    silentBranch: silentBranch(starts, now),
    held: heldInRange,
    ...overviewTotals(sums),
  };
}
