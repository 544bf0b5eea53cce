import type { TCredits, TReminderMember } from '../../../types/reminder';
import type { Caller } from '../../core/auth/caller';
import { viewerOf } from '../../core/auth/staff';
import type { CheckinFacts, MemberFacts } from '../../core/domain/attendance';
import { maskPhone, maySeeContact } from '../../core/domain/member/privacy';
import type { ActivityDoc } from '../../core/repos/activities';
import { creditsOfMembers } from '../../core/repos/credits';
import {
  activeMembersOfBranches,
  approvedRequests,
  membersByIds,
  presentCheckins,
  type ReminderMemberRow,
} from '../../core/repos/reminders';
import type { RequestDoc } from '../../core/repos/requests';

export { activityFacts, requireActivity } from '../../core/repos/activity-facts';

export function memberFacts(m: ReminderMemberRow): MemberFacts {
  return { id: m._id, name: m.name, branchId: m.branchId, status: m.status, boundAt: m.boundAt ?? null };
}

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

/** A member as the secretary sees them: the phone (to call) when the caller may see it, else masked. */
export function memberView(caller: Caller, m: ReminderMemberRow): TReminderMember {
  const viewer = viewerOf(caller);
  const phone = m.phone ?? null;
  return {
    memberId: m._id,
    name: m.name,
    phone: maySeeContact(viewer, { id: m._id, branchId: m.branchId }) ? phone : maskPhone(phone),
  };
}
