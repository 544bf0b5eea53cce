import { allow, refuse, type Decision } from './decision';
import { DAY_MS } from './calendar';
import { isCancelled, type ActivityFacts } from './model';
import { windowPosition, type CheckinWindow } from '../window';

/**
 * Leave (请假) and make-up (补签) requests: when a member may ask.
 * Edges are listed in ./README.md and pinned by requests.test.ts.
 */

/** Leave must be asked strictly before the start: at `startAt` it is already too late. */
export function canRequestLeave(activity: Pick<ActivityFacts, 'startAt' | 'status'>, now: number): Decision {
  if (isCancelled(activity)) return refuse('ACTIVITY_CANCELLED', 'the activity was cancelled');
  if (now >= activity.startAt) {
    return refuse('LEAVE_TOO_LATE', 'leave must be requested before the activity starts', {
      startAt: activity.startAt,
    });
  }
  return allow();
}

export interface MakeupPolicy {
  /** days after the check-in window closes; 0 turns make-up requests off */
  makeupDays: number;
}

export const DEFAULT_MAKEUP_POLICY: MakeupPolicy = { makeupDays: 3 };

/** The activity's own `checkin.makeupDays` when set, else the default (3). */
export function makeupPolicyOf(activity: { checkin?: { makeupDays?: number | null } | null }): MakeupPolicy {
  return { makeupDays: activity.checkin?.makeupDays ?? DEFAULT_MAKEUP_POLICY.makeupDays };
}

/**
 * The make-up window is `(closesAt, closesAt + makeupDays × 24 h]`.
 * - It opens the first millisecond after the check-in window: `closesAt` itself still belongs to the
 *   check-in window (../window.ts, closed interval), so a member at `closesAt` checks in instead.
 * - It is measured from the window's close, not from the activity's end: the close is the moment a
 *   member finds they can no longer check in, and a window may close before or after the end.
 * - Its end is inclusive like the check-in window's: "3 days after 9:30" still accepts 9:30:00.000.
 * - Days are 24-hour spans, not Shanghai calendar days: everyone gets the same 72 hours whether the
 *   meeting ended at 09:00 or at 23:00 (Shanghai has no daylight saving, so a day is 24 h there).
 * Before the window opens the code is also MAKEUP_WINDOW_CLOSED, with `notYetOpen: true`.
 */
export function makeupWindow(window: CheckinWindow, policy: MakeupPolicy = DEFAULT_MAKEUP_POLICY) {
  return { after: window.closesAt, until: window.closesAt + policy.makeupDays * DAY_MS };
}

export function canRequestMakeup(
  activity: Pick<ActivityFacts, 'status'>,
  window: CheckinWindow,
  now: number,
  policy: MakeupPolicy = DEFAULT_MAKEUP_POLICY,
): Decision {
  if (!Number.isInteger(policy.makeupDays) || policy.makeupDays < 0) {
    throw new RangeError(`makeupDays must be a whole number >= 0, got ${policy.makeupDays}`);
  }
  if (isCancelled(activity)) return refuse('ACTIVITY_CANCELLED', 'the activity was cancelled');
  const w = makeupWindow(window, policy);
  if (windowPosition(window, now) !== 'after_close') {
    return refuse('MAKEUP_WINDOW_CLOSED', 'the check-in window is still open: check in instead', {
      notYetOpen: true,
      ...w,
    });
  }
  if (now > w.until) {
    return refuse('MAKEUP_WINDOW_CLOSED', `make-up requests close ${policy.makeupDays} days after check-in`, {
      notYetOpen: false,
      ...w,
    });
  }
  return allow();
}

/**
 * 撤回: the member who asked takes back a request nobody has decided yet. Only their own (someone
 * else's answers NOT_FOUND, so a guessed id reveals nothing), only while `pending` — once decided
 * the secretary's answer stands (CONFLICT with the current status); `pending → withdrawn`.
 * Time is not a condition: a leave still pending after the start may be taken back (the member
 * came after all, or will ask for a make-up instead).
 */
export function canWithdrawRequest(
  request: { memberId: string; status: string },
  memberId: string,
): Decision {
  if (request.memberId !== memberId) return refuse('NOT_FOUND', 'no such request');
  if (request.status !== 'pending') {
    return refuse('CONFLICT', `a ${request.status} request cannot be withdrawn`, { status: request.status });
  }
  return allow();
}
