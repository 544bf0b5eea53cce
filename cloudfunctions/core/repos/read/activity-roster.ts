import type { ActivityDoc } from '../activities';
import { listActivityCheckins, type CheckinDoc } from '../checkins';
import { activeMembersOfBranch, membersByIds, type MemberFactsRow } from '../members';
import { listActivityRequests, type RequestDoc } from '../requests';

/**
 * Read model of one activity's roster (the secretary's 名册, statistics, the export): the members
 * who may be expected (the branch's active members — unless the caller already read them for several
 * activities — or a team event's sign-ups), every check-in record and every leave/make-up request of the activity. The expected /
 * present / excused classification is the domain's (core/domain/attendance/roster.ts).
 */
export interface ActivityRosterReads {
  members: MemberFactsRow[];
  checkins: CheckinDoc[];
  requests: RequestDoc[];
}

export async function readActivityRoster(
  activity: ActivityDoc,
  branchMembers?: MemberFactsRow[],
): Promise<ActivityRosterReads> {
  const [members, checkins, requests] = await Promise.all([
    branchMembers ??
      // a 先锋领航 event's expected members are its sign-ups, from any branch (docs/volunteer.md)
      (activity.teamId
        ? membersByIds(activity.expectedMemberIds ?? [])
        : activeMembersOfBranch(activity.branchId)),
    listActivityCheckins(activity._id),
    listActivityRequests(activity._id),
  ]);
  return { members, checkins, requests };
}
