import { periodOf, type PeriodUnit } from './calendar';
import { isHeld } from './frequency';
import type { ActivityFacts } from './model';
import type { MemberAttendance } from './roster';

/**
 * Per-member attendance rate: present / (expected − excused). Approved leave is excused: it is
 * counted apart and leaves the denominator, so it never lowers the rate. A still-pending item stays
 * in the denominator and out of `present` until it is decided. Nothing expected → rate null (no
 * division by zero, and "no data" is not shown as 0 % or 100 %).
 */
export interface AttendanceCounts {
  expected: number;
  present: number;
  excused: number;
  pending: number;
  absent: number;
}

export function attendanceRate(c: Pick<AttendanceCounts, 'expected' | 'present' | 'excused'>): number | null {
  const base = c.expected - c.excused;
  return base > 0 ? c.present / base : null;
}

export interface MemberRate extends AttendanceCounts {
  memberId: string;
  name: string;
  /** `2026-Q4` (Shanghai quarter of the activities' starts); null for `'all'` */
  period: string | null;
  rate: number | null;
}

/** One held activity and its classified roster (roster.ts `classifyAttendance`). */
export interface ActivityAttendance {
  activity: Pick<ActivityFacts, 'id' | 'startAt' | 'endAt' | 'status'>;
  members: readonly MemberAttendance[];
}

/**
 * Rates per member and Shanghai period (`quarter` by default; `'all'`: one line per member). Only held
 * activities count (not cancelled, already over at `now`). Sorted by period, then member id.
 */
export function memberAttendanceRates(
  rows: readonly ActivityAttendance[],
  now: number,
  by: PeriodUnit | 'all' = 'quarter',
): MemberRate[] {
  const acc = new Map<string, MemberRate>();
  for (const { activity, members } of rows) {
    if (!isHeld(activity, now)) continue;
    const period = by === 'all' ? null : periodOf(activity.startAt, by).label;
    for (const m of members) {
      const key = `${period ?? ''}\u0000${m.memberId}`;
      let r = acc.get(key);
      if (!r) {
        r = {
          memberId: m.memberId,
          name: m.name,
          period,
          expected: 0,
          present: 0,
          excused: 0,
          pending: 0,
          absent: 0,
          rate: null,
        };
        acc.set(key, r);
      }
      r.expected += 1;
      if (m.status === 'present') r.present += 1;
      else if (m.status === 'leave') r.excused += 1;
      else if (m.status === 'pending') r.pending += 1;
      else r.absent += 1;
    }
  }
  const out = [...acc.values()].map((r) => ({ ...r, rate: attendanceRate(r) }));
  return out.sort(
    (a, b) => (a.period ?? '').localeCompare(b.period ?? '') || a.memberId.localeCompare(b.memberId),
  );
}
