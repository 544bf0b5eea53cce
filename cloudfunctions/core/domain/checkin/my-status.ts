/**
 * A member's own standing for one activity, as the home list shows it. Pure: the handler loads the
 * member's record and requests for the activity. see docs/checkin.md.
 */
import type { MyActivityStatus } from '../../../../types/activity';
import { checkinWindow, windowPosition, type WindowedActivity } from '../window';

export interface MyStatusInput {
  activity: WindowedActivity & { status?: string };
  expected: boolean;
  /** The member's check-in record status, if any (`revoked` = an approval undone). */
  checkin: string | null;
  /** The member's leave / make-up requests for the activity. */
  requests: readonly { kind: 'leave' | 'makeup'; status: string }[];
  now: number;
}

/**
 * First match wins: cancelled → a check-in record (approved / pending / rejected) → a pending
 * make-up → an approved leave → a pending leave → not expected → by the check-in window:
 * upcoming / open / absent.
 */
export function myActivityStatus(input: MyStatusInput): MyActivityStatus {
  const { activity, expected, checkin, requests, now } = input;
  if (activity.status === 'cancelled') return 'cancelled';
  if (checkin === 'approved') return 'checked_in';
  if (checkin === 'pending') return 'pending';
  const has = (kind: 'leave' | 'makeup', status: string) =>
    requests.some((r) => r.kind === kind && r.status === status);
  if (has('makeup', 'pending')) return 'makeup_pending';
  if (has('makeup', 'approved')) return 'checked_in';
  if (has('leave', 'approved')) return 'on_leave';
  if (has('leave', 'pending')) return 'leave_pending';
  if (checkin === 'rejected' || checkin === 'revoked') return 'rejected';
  if (!expected) return 'not_expected';
  const pos = windowPosition(checkinWindow(activity), now);
  return pos === 'before_open' ? 'upcoming' : pos === 'open' ? 'open' : 'absent';
}
