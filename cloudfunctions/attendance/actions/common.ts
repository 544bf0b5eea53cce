import { bootstrapAdminOpenids, isMemberCaller, type Caller } from '../../core/auth/caller';
import {
  canReview,
  classifyAttendance,
  delegatorMayGrant,
  type DelegatorStanding,
  expectedMembers,
  isDelegateActive,
  rosterSummary,
  type CheckinFacts,
  type DelegationFacts,
  type RequestFacts,
  type RosterSummary,
} from '../../core/domain/attendance';
import { activityFacts, type ActivityDoc } from '../../core/repos/activities';
import { checkinsOfActivities, getCheckin, type CheckinDoc } from '../../core/repos/checkins';
import { getMember, type MemberFactsRow } from '../../core/repos/members';
import { branchDelegations, delegationsTo, type DelegationDoc } from '../../core/repos/delegations';
import { readActivityRoster, type ActivityRosterReads } from '../../core/repos/read/activity-roster';
import { getRequest, requestsOfActivities, type RequestDoc } from '../../core/repos/requests';

export { activityFacts, requireActivity } from '../../core/repos/activities';

export function checkinFacts(c: CheckinDoc): CheckinFacts {
  return { id: c._id, activityId: c.activityId, memberId: c.memberId, status: c.status, method: c.method };
}

export function requestFacts(r: RequestDoc): RequestFacts {
  return {
    id: r._id,
    kind: r.kind,
    activityId: r.activityId,
    memberId: r.memberId,
    status: r.status,
    reason: r.reason,
  };
}

export function delegationFacts(d: DelegationDoc): DelegationFacts {
  return {
    id: d._id,
    branchId: d.branchId,
    fromMemberId: d.fromMemberId,
    toMemberId: d.toMemberId,
    from: d.from,
    to: d.to,
    revokedAt: d.revokedAt ?? null,
  };
}

/**
 * The facts of these delegations with `delegatorLostRole` set from each delegator's standing NOW
 * (security/REVIEW.md S-21): a delegation is valid only while its delegator could still grant it.
 * One read per distinct delegator (a branch has a handful).
 */
export async function delegationsWithStanding(docs: readonly DelegationDoc[]): Promise<DelegationFacts[]> {
  const admins = bootstrapAdminOpenids();
  const standing = new Map<string, DelegatorStanding>();
  await Promise.all(
    [...new Set(docs.map((d) => d.fromMemberId))].map(async (id) => {
      if (id.startsWith('openid:')) {
        standing.set(id, { row: null, bootstrapAdmin: admins.has(id.slice('openid:'.length)) });
        return;
      }
      const row = await getMember(id);
      standing.set(id, { row, bootstrapAdmin: !!row?.openid && admins.has(row.openid) });
    }),
  );
  return docs.map((d) => ({
    ...delegationFacts(d),
    delegatorLostRole: !delegatorMayGrant(
      d.branchId,
      standing.get(d.fromMemberId) ?? { row: null, bootstrapAdmin: false },
    ),
  }));
}

export interface ActivityRoster extends ActivityRosterReads {
  activity: ActivityDoc;
  summary: RosterSummary;
}

/** Expected members of an activity and what became of each (domain/attendance/roster.ts). */
export async function loadRoster(
  activity: ActivityDoc,
  branchMembers?: MemberFactsRow[],
): Promise<ActivityRoster> {
  const { members, checkins, requests } = await readActivityRoster(activity, branchMembers);
  const expected = expectedMembers(
    activityFacts(activity),
    members.map((m) => ({ ...m, id: m._id })),
  );
  const classified = classifyAttendance(expected, checkins.map(checkinFacts), requests.map(requestFacts));
  return { activity, members, checkins, requests, summary: rosterSummary(classified) };
}

/**
 * The rosters of several activities of one branch (statistics, export) from one batched read of
 * their records and requests: requests ∝ records / 1,000 instead of two per activity.
 */
export async function loadRosters(
  activities: readonly ActivityDoc[],
  branchMembers: MemberFactsRow[],
): Promise<ActivityRoster[]> {
  const ids = activities.map((a) => a._id);
  const [checkins, requests] = await Promise.all([checkinsOfActivities(ids), requestsOfActivities(ids)]);
  const group = <T extends { activityId: string }>(list: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of list) {
      const l = m.get(x.activityId);
      if (l) l.push(x);
      else m.set(x.activityId, [x]);
    }
    return m;
  };
  const cOf = group(checkins);
  const rOf = group(requests);
  const facts = branchMembers.map((m) => ({ ...m, id: m._id }));
  return activities.map((activity) => {
    const cs = cOf.get(activity._id) ?? [];
    const rs = rOf.get(activity._id) ?? [];
    const expected = expectedMembers(activityFacts(activity), facts);
    const classified = classifyAttendance(expected, cs.map(checkinFacts), rs.map(requestFacts));
    return {
      activity,
      members: branchMembers,
      checkins: cs,
      requests: rs,
      summary: rosterSummary(classified),
    };
  });
}

/**
 * The caller's delegations that may grant review of `branchId` (active or not: the rule decides),
 * those not ended before `now` — the invocation's clock (`ctx.now`), never the wall clock.
 */
export async function callerDelegations(
  caller: Caller,
  branchId: string | null,
  now: number,
): Promise<DelegationFacts[]> {
  if (!isMemberCaller(caller)) return [];
  const docs = await delegationsTo(caller.member.id, now - 1);
  return delegationsWithStanding(docs.filter((d) => branchId === null || d.branchId === branchId));
}

/**
 * `alsoAllow` for the policy module: an active member of the branch holding a delegation for it
 * (granted by the branch's secretary) that is active at the invocation's `now` — the instant the
 * handler decides by too. Checked only after the role rule refused.
 */
export async function isActiveDelegate({
  caller,
  branchId,
  now,
}: {
  caller: Caller;
  branchId: string | null;
  now: number;
}): Promise<boolean> {
  if (!isMemberCaller(caller)) return false;
  const scope = branchId ?? caller.branchId;
  if (scope !== caller.branchId) return false;
  return (await callerDelegations(caller, scope, now)).some((d) => isDelegateActive(d, now));
}

/** Grant of the caller over one branch's items (admin, secretary, or active delegate), or null. */
export async function reviewGrant(caller: Caller, branchId: string, now: number) {
  const delegations = await callerDelegations(caller, branchId, now);
  const g = canReview(caller, branchId, delegations, now);
  return g.ok ? g : null;
}

/** The branch of a queue item (check-in record or request), for authorisation; null when missing. */
export async function itemBranch(p: {
  id: string;
  kind: 'checkin' | 'leave' | 'makeup';
}): Promise<string | null> {
  if (p.kind === 'checkin') return (await getCheckin(p.id))?.branchId ?? null;
  return (await getRequest(p.id))?.branchId ?? null;
}

/** Every delegation of a branch still relevant now (for the secretary's view). */
export async function delegationsOfBranch(branchId: string, since: number): Promise<DelegationDoc[]> {
  return branchDelegations(branchId, since);
}
