/**
 * Check-out: closes a member's attendance and yields the duration used for volunteer hours, with
 * whether it is VERIFIED (presence proven at check-out the way the check-in proves it; S-18).
 * see docs/checkin.md ("Check-out").
 */
import type { ProofMode } from '../../../../types/activity';
import { fenceCheck, type GeoReading } from '../geo';
import { isLocationRequired, type CheckinSite } from './evaluate';
import type { CheckinPolicy } from './policy';

export interface CheckoutActivity {
  id: string;
  status?: string;
  startAt: number;
  endAt: number;
  siteId?: string | null;
  checkin: { proof: ProofMode; requireLocation?: boolean | null };
}

/** Why a recorded duration is not verified. */
export type UnverifiedReason = 'no_location_proof' | 'outside_fence' | 'low_accuracy';

/** The member's check-in record, as far as check-out needs it. */
export interface CheckoutRecord {
  status: 'approved' | 'pending' | 'rejected' | string;
  /** How the member checked in (`site`: a site code, which always needed a location). */
  method?: string;
  checkedInAt: number;
  checkedOutAt?: number | null;
  durationMin?: number | null;
  /** Stored with the check-out; absent on a check-out stored before S-18 (read as not verified). */
  durationVerified?: boolean | null;
}

export type CheckoutDecision =
  | {
      kind: 'reject';
      code: 'NOT_CHECKED_IN' | 'ACTIVITY_CANCELLED' | 'OUTSIDE_WINDOW' | 'LOCATION_REQUIRED';
      reason: 'no_record' | 'rejected' | 'cancelled' | 'too_late' | 'location_missing';
    }
  /** Already checked out: answer the stored result again (a retry or a second tap counts once). */
  | { kind: 'duplicate'; checkedOutAt: number; durationMin: number; verified: boolean }
  | {
      kind: 'accept';
      checkedOutAt: number;
      durationMin: number;
      flags: ('outside_fence' | 'low_accuracy')[];
      distanceM: number | null;
      /** The duration counts as verified (volunteer hours) only when true. */
      verified: boolean;
      unverifiedReason: UnverifiedReason | null;
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
 * check-in window) → location missing when the check-in needed one (LOCATION_REQUIRED: a site-code
 * check-in, a site-code-only activity, or `requireLocation`, default with a site). Leaving early is
 * allowed: the duration is simply shorter.
 *
 * Verified (S-18): the check-out location is inside the site's fence with an accuracy no worse than
 * the radius. Outside the fence / too coarse → the duration is recorded, flagged and NOT verified;
 * no site or no location (when none was required) → not verified (`no_location_proof`): nothing
 * shows the member was still there.
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
    return {
      kind: 'duplicate',
      checkedOutAt: record.checkedOutAt,
      durationMin: record.durationMin ?? 0,
      verified: record.durationVerified === true,
    };
  }
  if (now > activity.endAt + policy.checkoutGraceMs) {
    return { kind: 'reject', code: 'OUTSIDE_WINDOW', reason: 'too_late' };
  }
  const location = input.location ?? null;
  const locationRequired =
    record.method === 'site' ||
    isLocationRequired(activity, activity.checkin.proof === 'site' ? 'site' : 'rotating');
  if (locationRequired && !location)
    return { kind: 'reject', code: 'LOCATION_REQUIRED', reason: 'location_missing' };
  const durationMin = verifiedDurationMin(activity, record.checkedInAt, now);
  const flags: ('outside_fence' | 'low_accuracy')[] = [];
  let distanceM: number | null = null;
  let unverifiedReason: UnverifiedReason | null = 'no_location_proof';
  if (location && site && activity.siteId === site.id) {
    const fence = fenceCheck(site, location);
    distanceM = fence.distanceM;
    if (!fence.inside) flags.push('outside_fence');
    if (fence.lowAccuracy) flags.push('low_accuracy');
    unverifiedReason = !fence.inside ? 'outside_fence' : fence.lowAccuracy ? 'low_accuracy' : null;
  }
  return {
    kind: 'accept',
    checkedOutAt: now,
    durationMin,
    flags,
    distanceM,
    verified: unverifiedReason === null,
    unverifiedReason,
  };
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
