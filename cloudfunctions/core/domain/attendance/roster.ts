import type { AttendanceStatus } from '../../../../types/enums';
import type { ActivityFacts, CheckinFacts, MemberFacts, RequestFacts } from './model';

/**
 * Who was expected at an activity and what became of each of them.
 *
 * Expected (one definition, shared by check-in, roster, statistics and reminders): an `active`
 * member of the activity's branch who is on the activity's explicit invitation list when it has one,
 * and who bound before the activity ended. The branch is checked even for a listed member: a list
 * never reaches into another branch (security/REVIEW.md S-5; activity create/update refuse such ids,
 * this covers lists stored before that check). Membership is read *now*, not frozen at creation: a member
 * who joins the day before a meeting is expected at it and gets its reminders; one who joins after
 * it ended is not counted absent. (Members who have since left drop out of past rosters: freezing the
 * list at the end of a meeting is a repository-level snapshot, not something this rule can do.)
 * A 先锋领航 event (`teamId`) draws from many branches: its expected members are exactly its sign-ups
 * (the list kept with the seat count, docs/volunteer.md), whatever their branch.
 */
export function isExpectedMember(
  activity: Pick<ActivityFacts, 'branchId' | 'endAt' | 'expectedMemberIds' | 'teamId'>,
  member: Pick<MemberFacts, 'id' | 'branchId' | 'status' | 'boundAt'>,
): boolean {
  if (member.status !== 'active') return false;
  if (activity.teamId) return !!activity.expectedMemberIds?.includes(member.id);
  if (member.branchId !== activity.branchId) return false;
  const invited = activity.expectedMemberIds ? activity.expectedMemberIds.includes(member.id) : true;
  return invited && (member.boundAt == null || member.boundAt < activity.endAt);
}

export function expectedMembers<M extends MemberFacts>(
  activity: Pick<ActivityFacts, 'branchId' | 'endAt' | 'expectedMemberIds' | 'teamId'>,
  members: readonly M[],
): M[] {
  return members.filter((m) => isExpectedMember(activity, m));
}

export type { AttendanceStatus };

export interface MemberAttendance {
  memberId: string;
  name: string;
  status: AttendanceStatus;
  /** present: the approved check-in's method (`rotating`, `site`, `makeup`, `manual` = forced) */
  method?: string;
  checkinId?: string;
  /** leave: the approved leave's reason */
  reason?: string;
  /** pending: what awaits a decision */
  pendingKinds?: ('checkin' | 'leave' | 'makeup')[];
}

/**
 * One status per expected member, first match wins:
 * 1. present — an approved check-in of any method (a scan, an approved make-up, a secretary's forced add);
 * 2. pending — a pending check-in or make-up request: it may still make the member present;
 * 3. leave — an approved leave (excused, never absent);
 * 4. pending — a pending leave request;
 * 5. absent — nothing approved: unexcused.
 * Rejected and revoked records count for nothing. Records for other activities must not be passed.
 */
export function classifyAttendance(
  expected: readonly Pick<MemberFacts, 'id' | 'name'>[],
  checkins: readonly CheckinFacts[],
  requests: readonly RequestFacts[],
): MemberAttendance[] {
  // grouped once: a meeting of 1,500 with 1,200 records must not cost 1,500 × 1,200 comparisons
  const byMember = <T extends { memberId: string }>(list: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const x of list) {
      const l = map.get(x.memberId);
      if (l) l.push(x);
      else map.set(x.memberId, [x]);
    }
    return map;
  };
  const checkinsOf = byMember(checkins);
  const requestsOf = byMember(requests);
  return expected.map((m) => {
    const mine = checkinsOf.get(m.id) ?? [];
    const asks = requestsOf.get(m.id) ?? [];
    const base = { memberId: m.id, name: m.name };
    const approved = mine.find((c) => c.status === 'approved');
    if (approved) return { ...base, status: 'present', method: approved.method, checkinId: approved.id };
    const pendingKinds: ('checkin' | 'leave' | 'makeup')[] = [];
    if (mine.some((c) => c.status === 'pending')) pendingKinds.push('checkin');
    if (asks.some((r) => r.kind === 'makeup' && r.status === 'pending')) pendingKinds.push('makeup');
    if (pendingKinds.length > 0) return { ...base, status: 'pending', pendingKinds };
    const leave = asks.find((r) => r.kind === 'leave' && r.status === 'approved');
    if (leave) return { ...base, status: 'leave', reason: leave.reason };
    if (asks.some((r) => r.kind === 'leave' && r.status === 'pending')) {
      return { ...base, status: 'pending', pendingKinds: ['leave'] };
    }
    return { ...base, status: 'absent' };
  });
}

export interface RosterSummary {
  expected: MemberAttendance[];
  present: MemberAttendance[];
  pending: MemberAttendance[];
  leave: MemberAttendance[];
  absent: MemberAttendance[];
  counts: { expected: number; present: number; pending: number; leave: number; absent: number };
}

/** The `attendance.roster` answer: the lists, and their counts (which always add up to expected). */
export function rosterSummary(classified: readonly MemberAttendance[]): RosterSummary {
  const of = (s: AttendanceStatus) => classified.filter((m) => m.status === s);
  const present = of('present');
  const pending = of('pending');
  const leave = of('leave');
  const absent = of('absent');
  return {
    expected: [...classified],
    present,
    pending,
    leave,
    absent,
    counts: {
      expected: classified.length,
      present: present.length,
      pending: pending.length,
      leave: leave.length,
      absent: absent.length,
    },
  };
}
