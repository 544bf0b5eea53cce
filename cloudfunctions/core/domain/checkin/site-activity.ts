/**
 * Which activity a site code checks into: the one running at that site at the scan instant.
 * see docs/checkin.md ("Site codes").
 */
import { checkinWindow, isWithinWindow, type WindowedActivity } from '../window';

export interface SiteActivityCandidate extends WindowedActivity {
  id: string;
  siteId?: string | null;
  status?: string;
  startAt: number;
}

export type SiteActivityResult<T> =
  { kind: 'found'; activity: T } | { kind: 'reject'; code: 'NO_ACTIVITY_AT_SITE'; reason: 'none_open' };

/**
 * Among the activities at `siteId` whose check-in window contains `at`, the one whose start is
 * nearest to `at` (ties: the earlier start, then the smaller id — deterministic). Live activities win
 * over cancelled ones; a cancelled activity is returned only when no live one matches, so that the
 * member is told "活动已取消" (ACTIVITY_CANCELLED from evaluateCheckIn) rather than "no activity here".
 * `at` is the server's now, or the honoured offline scan time (claimedScanTime) when there is one.
 */
export function activityAtSite<T extends SiteActivityCandidate>(
  activities: readonly T[],
  siteId: string,
  at: number,
): SiteActivityResult<T> {
  const open = activities.filter((a) => a.siteId === siteId && isWithinWindow(checkinWindow(a), at));
  const live = open.filter((a) => a.status !== 'cancelled');
  const pool = live.length > 0 ? live : open;
  if (pool.length === 0) return { kind: 'reject', code: 'NO_ACTIVITY_AT_SITE', reason: 'none_open' };
  const best = [...pool].sort(
    (a, b) =>
      Math.abs(a.startAt - at) - Math.abs(b.startAt - at) ||
      a.startAt - b.startAt ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )[0];
  return { kind: 'found', activity: best };
}
