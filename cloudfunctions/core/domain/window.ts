/**
 * The check-in window — written once, used by check-in, site-activity lookup and make-up rules.
 * see docs/checkin.md ("Check-in window").
 */

export const DEFAULT_OPENS_BEFORE_START_MS = 30 * 60_000;
export const DEFAULT_CLOSES_AFTER_START_MS = 30 * 60_000;

/** The fields of an activity this rule reads (structural: the stored activity type fits). */
export interface WindowedActivity {
  startAt: number;
  checkin?: { opensAt?: number | null; closesAt?: number | null } | null;
}

export interface CheckinWindow {
  /** First instant a check-in is accepted (inclusive). */
  opensAt: number;
  /** Last instant a check-in is accepted (inclusive). */
  closesAt: number;
}

/**
 * The activity's own opensAt/closesAt when set, else 30 min before the start to 30 min after it.
 * An inverted window (closesAt < opensAt) is returned as is and contains no instant; the contract
 * schema refuses to store one.
 */
export function checkinWindow(activity: WindowedActivity): CheckinWindow {
  const opensAt = activity.checkin?.opensAt ?? activity.startAt - DEFAULT_OPENS_BEFORE_START_MS;
  const closesAt = activity.checkin?.closesAt ?? activity.startAt + DEFAULT_CLOSES_AFTER_START_MS;
  return { opensAt, closesAt };
}

/**
 * Closed interval: both `opensAt` and `closesAt` belong to the window. A secretary who says
 * "签到到 9:30 截止" expects a scan stamped 9:30:00.000 to count; one millisecond later does not.
 */
export function isWithinWindow(window: CheckinWindow, t: number): boolean {
  return t >= window.opensAt && t <= window.closesAt;
}

/** Where t lies relative to the window, for the refusal detail ('before_open' / 'after_close'). */
export function windowPosition(window: CheckinWindow, t: number): 'before_open' | 'open' | 'after_close' {
  if (t < window.opensAt) return 'before_open';
  if (t > window.closesAt) return 'after_close';
  return 'open';
}
