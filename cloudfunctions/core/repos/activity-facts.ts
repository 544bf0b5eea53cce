import type { ActivityFacts } from '../domain/attendance';
import { DomainError } from '../errors';
import { getActivityDoc, type ActivityDoc } from './activities';

/** Stored activity → the facts the attendance and reminder rules read (one mapping for both). */
export function activityFacts(a: ActivityDoc): ActivityFacts {
  return {
    id: a._id,
    branchId: a.branchId,
    type: a.type,
    title: a.title,
    startAt: a.startAt,
    endAt: a.endAt,
    status: a.status,
    siteId: a.siteId,
    integrityLecture: (a as { integrityLecture?: boolean }).integrityLecture === true,
    expectedMemberIds: a.expectedMemberIds ?? null,
    teamId: a.teamId ?? null,
  };
}

/** The stored activity, or NOT_FOUND. */
export async function requireActivity(activityId: string): Promise<ActivityDoc> {
  const a = await getActivityDoc(activityId);
  if (!a) throw new DomainError('NOT_FOUND', 'no such activity');
  return a;
}
