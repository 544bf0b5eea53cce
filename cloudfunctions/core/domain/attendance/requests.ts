import { allow, refuse, type Decision } from './decision';
import { DAY_MS } from './calendar';
import { isCancelled, type ActivityFacts } from './model';

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
  /** whole days after the check-in window closes; 0 turns make-up requests off */
  makeupDays: number;
}

export const DEFAULT_MAKEUP_POLICY: MakeupPolicy = { makeupDays: 3 };

/** The check-in window as resolved for the activity; only its close matters here. */
export interface ClosedWindow {
  closesAt: number;
}

/**
 * The make-up window is `[closesAt, closesAt + makeupDays × 24 h)`.
 * - It opens exactly when the check-in window closes (a check-in at `closesAt` is already refused).
 * - It is measured from the window's close, not from the activity's end: the close is the moment a
 *   member finds they can no longer check in, and a window may close before or after the end.
 * - Days are 24-hour spans, not Shanghai calendar days: "3 days" gives everyone the same 72 hours
 *   whether the meeting ended at 09:00 or at 23:00.
 * Before the window opens the code is also MAKEUP_WINDOW_CLOSED (details say `notYetOpen`): the
 * member should check in instead.
 */
export function makeupWindow(window: ClosedWindow, policy: MakeupPolicy = DEFAULT_MAKEUP_POLICY) {
  return { opensAt: window.closesAt, closesAt: window.closesAt + policy.makeupDays * DAY_MS };
}

export function canRequestMakeup(
  activity: Pick<ActivityFacts, 'status'>,
  window: ClosedWindow,
  now: number,
  policy: MakeupPolicy = DEFAULT_MAKEUP_POLICY,
): Decision {
  if (!Number.isInteger(policy.makeupDays) || policy.makeupDays < 0) {
    throw new RangeError(`makeupDays must be a whole number ≥ 0, got ${policy.makeupDays}`);
  }
  if (isCancelled(activity)) return refuse('ACTIVITY_CANCELLED', 'the activity was cancelled');
  const w = makeupWindow(window, policy);
  if (now < w.opensAt) {
    return refuse('MAKEUP_WINDOW_CLOSED', 'the check-in window is still open: check in instead', {
      notYetOpen: true,
      ...w,
    });
  }
  if (now >= w.closesAt) {
    return refuse('MAKEUP_WINDOW_CLOSED', `make-up requests close ${policy.makeupDays} days after check-in`, {
      notYetOpen: false,
      ...w,
    });
  }
  return allow();
}
