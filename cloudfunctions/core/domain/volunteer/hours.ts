/**
 * Volunteer hours from a stay, under a team's rules profile (docs/volunteer.md "Rules profile").
 * Pure: no clock, no database. Hours are counted in whole hundredths of an hour (`ch`) so that
 * sums and caps are exact; the API shows `ch / 100`.
 */
import { DEFAULT_HOURS_RULES, type THoursRules, type THoursRulesInput } from '../../../../types/volunteer';

export const HOUR_MS = 3_600_000;
/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;
const DAY_MS = 24 * HOUR_MS;

/** Hours (0.5) → hundredths (50), exact for the two-decimal values the contract allows. */
export const toCh = (hours: number): number => Math.round(hours * 100);
export const fromCh = (ch: number): number => ch / 100;

/** A team's stored rules with the defaults filled in. */
export function resolveRules(r: THoursRulesInput | null | undefined): THoursRules {
  return { ...DEFAULT_HOURS_RULES, ...(r ?? {}) };
}

/** The Asia/Shanghai calendar day of an instant, `YYYY-MM-DD`. */
export function shanghaiDay(ms: number): string {
  const d = new Date(Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS);
  return d.toISOString().slice(0, 10);
}

/** The instant a Shanghai calendar year starts (`2026` → 2025-12-31T16:00Z). */
export function shanghaiYearStart(ms: number): number {
  const y = Number(shanghaiDay(ms).slice(0, 4));
  return Date.UTC(y, 0, 1) - SHANGHAI_OFFSET_MS;
}

/**
 * `ms` of service rounded to the step. Integer arithmetic on milliseconds: `floor` keeps whole
 * steps; `nearest` rounds half a step up (1.25 h with a 0.5 step → 1.5 h; 1.24 h → 1.0 h).
 */
export function roundToStep(ms: number, rules: Pick<THoursRules, 'stepHours' | 'rounding'>): number {
  const stepCh = toCh(rules.stepHours);
  const stepMs = stepCh * (HOUR_MS / 100);
  if (ms <= 0) return 0;
  const steps =
    rules.rounding === 'nearest' ? Math.floor((2 * ms + stepMs) / (2 * stepMs)) : Math.floor(ms / stepMs);
  return steps * stepCh;
}

export interface EventSpan {
  startAt: number;
  endAt: number;
}
export interface Stay {
  checkedInAt: number;
  /** null: never checked out */
  checkedOutAt: number | null;
}

export type StayOutcome =
  | { kind: 'credited'; ch: number; overlapMs: number; eventMs: number; day: string }
  | { kind: 'below_min_stay'; ch: 0; overlapMs: number; eventMs: number; day: string }
  | { kind: 'no_checkout'; ch: 0; overlapMs: 0; eventMs: number; day: string };

/**
 * Hours a stay earns at one event, before the daily cap:
 * 1. overlap = the stay ∩ the event (waiting before the start or staying after the end earns nothing);
 * 2. overlap < minStayRatio × event length → nothing (exactly at the share earns);
 * 3. rounded to the step (floor / nearest);
 * 4. never more than the event's length rounded down to the step.
 * The day the hours belong to is the Shanghai day on which the credited stay begins.
 */
export function hoursFromStay(event: EventSpan, stay: Stay, rules: THoursRules): StayOutcome {
  const eventMs = Math.max(0, event.endAt - event.startAt);
  const begins = Math.max(stay.checkedInAt, event.startAt);
  const day = shanghaiDay(Math.min(begins, event.endAt));
  if (stay.checkedOutAt === null) return { kind: 'no_checkout', ch: 0, overlapMs: 0, eventMs, day };
  const overlapMs = Math.max(0, Math.min(stay.checkedOutAt, event.endAt) - begins);
  // overlap / eventMs < ratio, without division: exactly at the share earns.
  if (overlapMs === 0 || overlapMs < rules.minStayRatio * eventMs)
    return { kind: 'below_min_stay', ch: 0, overlapMs, eventMs, day };
  const ch = Math.min(roundToStep(overlapMs, rules), maxForEvent(event, rules));
  return { kind: 'credited', ch, overlapMs, eventMs, day };
}

/** The most an event can credit one member: its length, rounded down to the step. */
export function maxForEvent(event: EventSpan, rules: Pick<THoursRules, 'stepHours'>): number {
  return roundToStep(Math.max(0, event.endAt - event.startAt), {
    stepHours: rules.stepHours,
    rounding: 'floor',
  });
}

/** Hours that still fit under the daily cap, given what the member already holds that day. */
export function underDailyCap(
  ch: number,
  usedThatDayCh: number,
  rules: Pick<THoursRules, 'dailyCapHours'>,
): number {
  return Math.max(0, Math.min(ch, toCh(rules.dailyCapHours) - usedThatDayCh));
}

/** Whether `ch` is a whole number of steps. */
export function isWholeSteps(ch: number, rules: Pick<THoursRules, 'stepHours'>): boolean {
  return ch % toCh(rules.stepHours) === 0;
}
