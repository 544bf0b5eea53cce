import type { TCredits } from '../../../../types/reminder';
import type { CheckinFacts } from '../../domain/attendance';
import type { ActivityDoc } from '../activities';
import { presentCheckins } from '../checkins';
import { creditsOfMembers } from '../credits';
import { activeMembersOfBranches, membersByIds, type ReminderMemberRow } from '../members';
import { approvedRequests, type RequestDoc } from '../requests';

/**
 * Read model of a meeting's audience, for the reminder screens and the dispatch timer: who is
 * expected (the branch's active members, or the invitation list), who is excused (approved leaves),
 * who is there (check-ins that count or wait), and each one's subscribe credits — in a few indexed
 * queries, through the repositories. The due/reachability rules (core/domain/reminder) decide on it.
 */
/** Everything the due/reachability rules need about a set of activities, read in a few indexed queries. */
export interface AudienceData {
  members: ReminderMemberRow[];
  byId: Map<string, ReminderMemberRow>;
  leaves: Pick<RequestDoc, 'activityId' | 'memberId' | 'kind' | 'status'>[];
  checkins: Pick<CheckinFacts, 'activityId' | 'memberId' | 'status'>[];
  credits: Record<string, TCredits>;
}

export async function loadAudience(
  activities: readonly ActivityDoc[],
  opts: { checkins?: boolean } = {},
): Promise<AudienceData> {
  const ids = activities.map((a) => a._id);
  const branches = activities.filter((a) => !a.expectedMemberIds).map((a) => a.branchId);
  const invited = activities.flatMap((a) => a.expectedMemberIds ?? []);
  const [fromBranches, fromLists, leaves, checkins] = await Promise.all([
    activeMembersOfBranches(branches),
    invited.length > 0 ? membersByIds(invited) : Promise.resolve([]),
    approvedRequests(ids),
    opts.checkins === false ? Promise.resolve([]) : presentCheckins(ids),
  ]);
  const byId = new Map<string, ReminderMemberRow>();
  for (const m of [...fromBranches, ...fromLists]) byId.set(m._id, m);
  const members = [...byId.values()];
  const credits = await creditsOfMembers(
    members.map((m) => m._id),
    'meetingReminder',
  );
  return { members, byId, leaves, checkins, credits };
}
