import { allow, invalidField, type Decision } from '../attendance/decision';
import { checkinWindow, type WindowedActivity } from '../window';

/**
 * The schedule rules of an activity, applied when a secretary creates or edits one
 * (activity/actions/activities.ts). Pure: the stored activity fits these shapes.
 */

const DAY = 24 * 60 * 60_000;

/**
 * The check-in window stays near the start: it may open up to 1 day before and close up to 7 days
 * after. This also bounds the site-code lookup (checkin/actions/check-in.ts): an activity whose window
 * holds an instant `t` starts within [t − 7 days, t + 1 day].
 */
export const MAX_OPEN_BEFORE_START_MS = DAY;
export const MAX_CLOSE_AFTER_START_MS = 7 * DAY;

export interface ScheduledActivity extends WindowedActivity {
  endAt: number;
}

/** Ends after it starts; the window is not inverted and lies within the bounds above. */
export function checkSchedule(a: ScheduledActivity): Decision {
  if (a.endAt <= a.startAt) return invalidField('payload.endAt', 'must be after startAt');
  const w = checkinWindow(a);
  if (w.closesAt <= w.opensAt) return invalidField('payload.checkin.closesAt', 'must be after opensAt');
  if (w.opensAt < a.startAt - MAX_OPEN_BEFORE_START_MS)
    return invalidField('payload.checkin.opensAt', 'may open at most 1 day before the start');
  if (w.closesAt > a.startAt + MAX_CLOSE_AFTER_START_MS)
    return invalidField('payload.checkin.closesAt', 'must close within 7 days after the start');
  return allow();
}

/** Check-in by site code needs a site to hold the code. */
export function checkProofNeedsSite(a: { siteId: string | null; checkin: { proof: string } }): Decision {
  if (a.checkin.proof === 'site' && !a.siteId)
    return invalidField('payload.siteId', 'a site is required when check-in is by site code');
  return allow();
}
