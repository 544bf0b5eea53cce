import type { RequestItemStatus } from '../domain/attendance';
import { collection, firstDoc, isDuplicateKeyError, readAll, readIn, type Transaction } from './db';

/**
 * Leave (请假) and make-up (补签) requests (`requests`). Nothing is deleted: a request only changes
 * status (pending → approved | rejected | withdrawn, approved → revoked), each change with one audit entry.
 *
 * Ids are deterministic: `<activityId>:<memberId>:<kind>:<n>` where n counts that member's earlier
 * requests of that kind for the activity. Two submissions that race both compute the same n, and the
 * database keeps one of them (the loser answers CONFLICT) — so a member never has two open requests
 * of a kind for one activity, without a unique index that would also forbid asking again after a
 * rejection.
 */
export interface RequestDoc {
  _id: string;
  kind: 'leave' | 'makeup';
  activityId: string;
  branchId: string;
  memberId: string;
  memberName: string;
  status: RequestItemStatus;
  reason: string;
  createdAt: number;
  updatedAt: number;
  decidedBy?: string | null;
  decidedAt?: number | null;
  onBehalfOf?: string | null;
  reviewReason?: string | null;
  /** approved make-up: the check-in record it created or restored */
  checkinId?: string | null;
}

export function requestId(activityId: string, memberId: string, kind: string, n: number): string {
  return `${activityId}:${memberId}:${kind}:${n}`;
}

export async function getRequest(id: string, tx?: Transaction): Promise<RequestDoc | null> {
  const res = tx ? await tx.collection('requests').doc(id).get() : await collection('requests').doc(id).get();
  return firstDoc<RequestDoc>(res.data);
}

/** Requests by id (`_id $in`), in any status. */
export async function getRequestsByIds(ids: readonly string[]): Promise<RequestDoc[]> {
  return readIn<RequestDoc>('requests', '_id', ids);
}

/** A member's requests of one kind for one activity (served by `activity_member_kind`). */
export async function memberActivityRequests(
  activityId: string,
  memberId: string,
  kind: 'leave' | 'makeup',
): Promise<RequestDoc[]> {
  const res = await collection('requests').where({ activityId, memberId, kind }).limit(100).get();
  return res.data as RequestDoc[];
}

/** Inserts a request; `false` when its id is taken (a racing twin won). */
export async function insertRequest(doc: RequestDoc): Promise<boolean> {
  try {
    await collection('requests').add(doc);
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

export async function updateRequest(id: string, patch: Partial<RequestDoc>, tx: Transaction): Promise<void> {
  await tx.collection('requests').doc(id).update(patch);
}

/** Every request of an activity (served by `activity_member_kind` prefix). */
export async function listActivityRequests(activityId: string): Promise<RequestDoc[]> {
  return readAll<RequestDoc>('requests', { activityId });
}

/** Every request of these activities, in `$in` chunks of 100 activities (served by `activity_member_kind`). */
export async function requestsOfActivities(
  activityIds: readonly string[],
  extra: object = {},
  projection?: Record<string, boolean>,
): Promise<RequestDoc[]> {
  return readIn<RequestDoc>('requests', 'activityId', activityIds, extra, projection);
}

/** Pending requests of a branch, newest first (served by `branch_status_createdAt`). */
export async function pendingBranchRequests(branchId: string, limit: number): Promise<RequestDoc[]> {
  const res = await collection('requests')
    .where({ branchId, status: 'pending' })
    .orderBy('createdAt', 'desc')
    .limit(limit)
    .get();
  return res.data as RequestDoc[];
}

/** Pending requests of an activity (served by `activity_status`). */
export async function pendingActivityRequests(activityId: string, limit: number): Promise<RequestDoc[]> {
  const res = await collection('requests').where({ activityId, status: 'pending' }).limit(limit).get();
  return res.data as RequestDoc[];
}

/** A member's requests, newest first, every one (served by `member_createdAt`). */
export async function listMemberRequests(memberId: string): Promise<RequestDoc[]> {
  return readAll<RequestDoc>('requests', { memberId }, [
    ['createdAt', 'desc'],
    ['_id', 'desc'],
  ]);
}

/** Inserts a request inside a transaction; CONFLICT-worthy `false` when the id is taken. */
export async function insertRequestTx(doc: RequestDoc, tx: Transaction): Promise<boolean> {
  const existing = await getRequest(doc._id, tx);
  if (existing) return false;
  await tx.collection('requests').add(doc);
  return true;
}

/** Leave / make-up requests as far as activity lists need them (the attendance function owns them). */
export interface RequestRow {
  activityId: string;
  memberId: string;
  kind: 'leave' | 'makeup';
  status: string;
}

/** Approved leaves of an activity (served by `activity_status`). */
export async function countApprovedLeaves(activityId: string): Promise<number> {
  const res = await collection('requests').where({ activityId, status: 'approved', kind: 'leave' }).count();
  return (res as { total: number }).total;
}

/** A member's leave / make-up requests for these activities (served by `member_createdAt`). */
export async function memberRequests(
  memberId: string,
  activityIds: readonly string[],
): Promise<RequestRow[]> {
  return readIn<RequestRow>(
    'requests',
    'activityId',
    activityIds,
    { memberId },
    {
      activityId: true,
      memberId: true,
      kind: true,
      status: true,
    },
  );
}

/** Approved requests of these activities (served by `activity_status`); the rule keeps the leaves. */
export async function approvedRequests(activityIds: readonly string[]): Promise<RequestDoc[]> {
  return readIn<RequestDoc>('requests', 'activityId', activityIds, { status: 'approved' });
}

/** Overwrites the copied display name on a member's requests (deletion; idempotent). */
export async function renameMemberInRequests(memberId: string, name: string): Promise<void> {
  await collection('requests').where({ memberId }).update({ memberName: name });
}
