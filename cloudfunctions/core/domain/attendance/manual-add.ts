import { allow, refuse, type Decision } from './decision';
import { isCancelled, type ActivityFacts } from './model';

/**
 * 补录 (manual add): may `actorMemberId` record `memberId` as present at `activity` now?
 * - nobody adds their own attendance (as nobody reviews their own record: review.ts `self_review`);
 *   an admin or another secretary of the branch may add the secretary;
 * - not on a cancelled activity (ACTIVITY_CANCELLED);
 * - not before the activity starts (OUTSIDE_WINDOW): nobody can have been present yet. From the
 *   start on there is no end: a forgotten member may be added after the meeting, with a reason.
 * `actorMemberId` is null for a caller without a roster row (a bootstrap admin).
 */
export function canManualAdd(
  activity: Pick<ActivityFacts, 'startAt' | 'status'>,
  actorMemberId: string | null,
  memberId: string,
  now: number,
): Decision {
  if (actorMemberId !== null && actorMemberId === memberId) {
    return refuse('FORBIDDEN', 'nobody adds their own attendance', { reason: 'self_review' });
  }
  if (isCancelled(activity)) return refuse('ACTIVITY_CANCELLED', 'the activity was cancelled');
  if (now < activity.startAt) {
    return refuse('OUTSIDE_WINDOW', 'a member can be added only once the activity has started', {
      startAt: activity.startAt,
    });
  }
  return allow();
}
