import { DAY_MS, periodStart, periodsBetween, type Period, type PeriodUnit } from './calendar';
import { ACTIVITY_TYPE_LABELS, isCancelled, type ActivityFacts, type ActivityType } from './model';

/**
 * 三会一课 frequency rules and the branch compliance report.
 * Periods are Shanghai calendar months, quarters and years (./calendar.ts).
 */

export interface MeetingRequirement {
  /** stable id of the rule; the activity type except for `integrity_lecture` */
  key: string;
  type: ActivityType;
  period: PeriodUnit;
  /** meetings needed per period */
  min: number;
  /** true: common practice, shown as advice, never as a breach */
  advisory: boolean;
  /** only party lectures flagged `integrityLecture` (廉政党课) count */
  integrityOnly?: boolean;
  label: string;
}

export const meetingRequirements: readonly MeetingRequirement[] = [
  {
    key: 'branch_congress',
    type: 'branch_congress',
    period: 'quarter',
    min: 1,
    advisory: false,
    label: '支部党员大会（每季度）',
  },
  {
    key: 'committee_meeting',
    type: 'committee_meeting',
    period: 'month',
    min: 1,
    advisory: false,
    label: '支部委员会（每月）',
  },
  {
    key: 'group_meeting',
    type: 'group_meeting',
    period: 'month',
    min: 1,
    advisory: false,
    label: '党小组会（每月）',
  },
  {
    key: 'party_lecture',
    type: 'party_lecture',
    period: 'quarter',
    min: 1,
    advisory: false,
    label: '党课（每季度）',
  },
  {
    key: 'theme_day',
    type: 'theme_day',
    period: 'month',
    min: 1,
    advisory: true,
    label: '主题党日（每月，通行做法）',
  },
  {
    key: 'integrity_lecture',
    type: 'party_lecture',
    period: 'year',
    min: 1,
    advisory: true,
    integrityOnly: true,
    label: '廉政党课（每年）',
  },
];

/** Held: not cancelled and already over. An activity belongs to the period its start falls in. */
export function isHeld(activity: Pick<ActivityFacts, 'status' | 'endAt'>, now: number): boolean {
  return !isCancelled(activity) && activity.endAt <= now;
}

function counts(req: MeetingRequirement, a: ActivityFacts): boolean {
  return a.type === req.type && (!req.integrityOnly || a.integrityLecture === true);
}

/**
 * - `met`: held ≥ required (a current period can already be met);
 * - `missed`: the period is over and held < required;
 * - `open`: the current period, not met yet — not a breach until it ends;
 * - `upcoming`: starts after `now`.
 */
export type PeriodStatus = 'met' | 'missed' | 'open' | 'upcoming';

export interface PeriodResult {
  label: string;
  start: number;
  end: number;
  held: number;
  required: number;
  status: PeriodStatus;
}

export interface RequirementResult {
  key: string;
  type: ActivityType;
  typeLabel: string;
  label: string;
  period: PeriodUnit;
  advisory: boolean;
  periods: PeriodResult[];
  met: number;
  missed: number;
  open: number;
  upcoming: number;
  /** held in the listed periods, and required by the periods that have begun (`held vs required`) */
  totals: { held: number; required: number };
}

export interface SilencePolicy {
  silentDays: number;
}
export const DEFAULT_SILENCE_POLICY: SilencePolicy = { silentDays: 30 };

export interface SilentBranch {
  silent: boolean;
  /** start of the latest non-cancelled activity that has begun; null when there is none */
  lastActivityAt: number | null;
  /** whole days since then; null when there is none */
  daysSince: number | null;
}

/**
 * Silent after `silentDays` × 24 h without an activity: the latest non-cancelled activity (any type)
 * that has started by `now`. Exactly 30 days after its start the branch is silent. A branch that never
 * held anything is silent. Planned future activities do not end the silence.
 */
export function silentBranch(
  activities: readonly Pick<ActivityFacts, 'status' | 'startAt'>[],
  now: number,
  policy: SilencePolicy = DEFAULT_SILENCE_POLICY,
): SilentBranch {
  let last: number | null = null;
  for (const a of activities) {
    if (isCancelled(a) || a.startAt > now) continue;
    if (last === null || a.startAt > last) last = a.startAt;
  }
  if (last === null) return { silent: true, lastActivityAt: null, daysSince: null };
  return {
    silent: now - last >= policy.silentDays * DAY_MS,
    lastActivityAt: last,
    daysSince: Math.floor((now - last) / DAY_MS),
  };
}

/**
 * The activities a report over `[from, to)` must be given: every period that intersects the range is
 * judged whole (a range starting 15 November still judges all of November and Q4), and the silence
 * check looks back `silentDays` from `now`.
 */
export function complianceQueryRange(
  from: number,
  to: number,
  now: number,
  requirements: readonly MeetingRequirement[] = meetingRequirements,
  policy: SilencePolicy = DEFAULT_SILENCE_POLICY,
): { from: number; to: number } {
  let lo = now - policy.silentDays * DAY_MS;
  let hi = Math.max(to, now);
  for (const unit of new Set(requirements.map((r) => r.period))) {
    const ps = periodsBetween(from, to, unit);
    if (ps.length === 0) continue;
    lo = Math.min(lo, ps[0].start);
    hi = Math.max(hi, ps[ps.length - 1].end);
  }
  return { from: Math.min(lo, from), to: hi };
}

export function judgePeriod(
  held: number,
  required: number,
  start: number,
  end: number,
  now: number,
): PeriodStatus {
  if (held >= required) return 'met';
  if (end <= now) return 'missed';
  if (start > now) return 'upcoming';
  return 'open';
}

/** Each requirement's periods intersecting `[from, to)` (computed once, e.g. for every branch of an overview). */
export function requirementPeriods(
  from: number,
  to: number,
  requirements: readonly MeetingRequirement[] = meetingRequirements,
): { req: MeetingRequirement; periods: Period[] }[] {
  const byUnit = new Map<PeriodUnit, Period[]>();
  return requirements.map((req) => {
    let periods = byUnit.get(req.period);
    if (!periods) byUnit.set(req.period, (periods = periodsBetween(from, to, req.period)));
    return { req, periods };
  });
}

/**
 * The requirement results from the number held per period (`heldIn(ruleIndex, period)`): what
 * `complianceReport` answers from activities and the admin overview from running summaries
 * (summary.ts), judged by one rule.
 */
export function judgeRequirements(
  plan: readonly { req: MeetingRequirement; periods: readonly Period[] }[],
  heldIn: (ruleIndex: number, period: Period, periodIndex: number) => number,
  now: number,
): RequirementResult[] {
  return plan.map(({ req, periods: list }, ri): RequirementResult => {
    let met = 0;
    let missed = 0;
    let open = 0;
    let upcoming = 0;
    let heldSum = 0;
    let required = 0;
    const periods = list.map((p, pi): PeriodResult => {
      const n = heldIn(ri, p, pi);
      const status = judgePeriod(n, req.min, p.start, p.end, now);
      if (status === 'met') met++;
      else if (status === 'missed') missed++;
      else if (status === 'open') open++;
      else upcoming++;
      heldSum += n;
      if (p.start <= now) required += req.min;
      return { label: p.label, start: p.start, end: p.end, held: n, required: req.min, status };
    });
    return {
      key: req.key,
      type: req.type,
      typeLabel: ACTIVITY_TYPE_LABELS[req.type],
      label: req.label,
      period: req.period,
      advisory: req.advisory,
      periods,
      met,
      missed,
      open,
      upcoming,
      totals: { held: heldSum, required },
    };
  });
}

/**
 * Per rule: each Shanghai period intersecting `[from, to)`, how many meetings were held in it, how
 * many are required, and met / missed / open / upcoming. `activities` are one branch's, covering
 * `complianceQueryRange(from, to, now)`.
 */
export function complianceReport(
  activities: readonly ActivityFacts[],
  from: number,
  to: number,
  now: number,
  requirements: readonly MeetingRequirement[] = meetingRequirements,
  policy: SilencePolicy = DEFAULT_SILENCE_POLICY,
): { requirements: RequirementResult[]; silentBranch: SilentBranch } {
  const held = activities.filter((a) => isHeld(a, now));
  // each held activity's period start per unit, computed once (not per requirement × period)
  const startIn = new Map<PeriodUnit, number[]>();
  const startsOf = (unit: PeriodUnit) => {
    let s = startIn.get(unit);
    if (!s) startIn.set(unit, (s = held.map((a) => periodStart(a.startAt, unit))));
    return s;
  };
  const plan = requirementPeriods(from, to, requirements);
  const perPeriod = plan.map(({ req }) => {
    const starts = startsOf(req.period);
    const m = new Map<number, number>();
    held.forEach((a, i) => {
      if (counts(req, a)) m.set(starts[i], (m.get(starts[i]) ?? 0) + 1);
    });
    return m;
  });
  const results = judgeRequirements(plan, (ri, p) => perPeriod[ri].get(p.start) ?? 0, now);
  return { requirements: results, silentBranch: silentBranch(activities, now, policy) };
}
