/**
 * Check-out: closes a member's attendance and yields the verified duration used for volunteer hours.
 * see docs/checkin.md ("Check-out").
 */
import { fenceCheck, type GeoReading } from '../geo';
import type { CheckinSite } from './evaluate';
import type { CheckinPolicy } from './policy';

export interface CheckoutActivity {
  id: string;
  status?: string;
  startAt: number;
  endAt: number;
  siteId?: string | null;
}

/** The member's check-in record, as far as check-out needs it. */
export interface CheckoutRecord {
  status: 'approved' | 'pending' | 'rejected' | string;
  checkedInAt: number;
  checkedOutAt?: number | null;
  durationMin?: number | null;
}

export type CheckoutDecision =
  | {
      kind: 'reject';
      code: 'NOT_CHECKED_IN' | 'ACTIVITY_CANCELLED' | 'OUTSIDE_WINDOW';
      reason: 'no_record' | 'rejected' | 'cancelled' | 'too_late';
    }
  /** Already checked out: answer the stored result again (a retry or a second tap counts once). */
  | { kind: 'duplicate'; checkedOutAt: number; durationMin: number }
  | {
      kind: 'accept';
      checkedOutAt: number;
      durationMin: number;
      flags: ('outside_fence' | 'low_accuracy')[];
      distanceM: number | null;
    };

export interface EvaluateCheckOutInput {
  activity: CheckoutActivity;
  site: CheckinSite | null;
  record: CheckoutRecord | null;
  location?: GeoReading | null;
  policy: CheckinPolicy;
  now: number;
}

/**
 * Order: cancelled → must hold a non-rejected check-in (NOT_CHECKED_IN) → already checked out
 * (duplicate) → not later than endAt + checkoutGraceMs (OUTSIDE_WINDOW; closed interval like the
 * check-in window). Leaving early is allowed: the duration is simply shorter.
 *
 * durationMin = floor((min(now, endAt) − max(checkedInAt, startAt)) / 60 000), never below 0:
 * verified time counts only inside the planned activity — waiting before the start or staying on
 * after the end is not verified; an organiser adds overtime separately (kept apart, per the
 * volunteer-record rules).
 */
export function evaluateCheckOut(input: EvaluateCheckOutInput): CheckoutDecision {
  const { activity, site, record, policy, now } = input;
  if (activity.status === 'cancelled')
    return { kind: 'reject', code: 'ACTIVITY_CANCELLED', reason: 'cancelled' };
  if (!record) return { kind: 'reject', code: 'NOT_CHECKED_IN', reason: 'no_record' };
  if (record.status === 'rejected') return { kind: 'reject', code: 'NOT_CHECKED_IN', reason: 'rejected' };
  if (record.checkedOutAt !== undefined && record.checkedOutAt !== null) {
    return { kind: 'duplicate', checkedOutAt: record.checkedOutAt, durationMin: record.durationMin ?? 0 };
  }
  if (now > activity.endAt + policy.checkoutGraceMs) {
    return { kind: 'reject', code: 'OUTSIDE_WINDOW', reason: 'too_late' };
  }
  const durationMin = verifiedDurationMin(activity, record.checkedInAt, now);
  const flags: ('outside_fence' | 'low_accuracy')[] = [];
  let distanceM: number | null = null;
  const location = input.location ?? null;
  if (location && site && activity.siteId === site.id) {
    const fence = fenceCheck(site, location);
    distanceM = fence.distanceM;
    if (!fence.inside) flags.push('outside_fence');
    if (fence.lowAccuracy) flags.push('low_accuracy');
  }
  return { kind: 'accept', checkedOutAt: now, durationMin, flags, distanceM };
}

export function verifiedDurationMin(
  activity: Pick<CheckoutActivity, 'startAt' | 'endAt'>,
  checkedInAt: number,
  checkedOutAt: number,
): number {
  const from = Math.max(checkedInAt, activity.startAt);
  const to = Math.min(checkedOutAt, activity.endAt);
  return Math.max(0, Math.floor((to - from) / 60_000));
}
