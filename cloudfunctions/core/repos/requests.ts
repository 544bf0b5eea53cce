import type { ItemStatus } from '../domain/attendance';
import type { CheckinDoc } from './checkins';
import { collection, isDuplicateKeyError, readAll, readIn, type Transaction } from './db';

/**
 * Leave (请假) and make-up (补签) requests (`requests`). Nothing is deleted: a request only changes
 * status (pending → approved | rejected, approved → revoked), each change with one audit entry.
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
  status: ItemStatus;
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

function one<T>(data: unknown): T | null {
  const d = Array.isArray(data) ? data[0] : data;
  return (d as T | undefined) ?? null;
}

export async function getRequest(id: string, tx?: Transaction): Promise<RequestDoc | null> {
  const res = tx ? await tx.collection('requests').doc(id).get() : await collection('requests').doc(id).get();
  return one<RequestDoc>(res.data);
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

// ---- check-in records as the review queue sees them ------------------------------------------------
// The check-in function owns `checkins` (./checkins.ts: shape, deterministic ids, inserts). Review,
// manual add and undo change a record's status inside a transaction, together with its audit entry.

/** Pending check-ins of a branch, newest first (served by `branch_status_at`). */
export async function pendingBranchCheckins(branchId: string, limit: number): Promise<CheckinDoc[]> {
  const res = await collection('checkins')
    .where({ branchId, status: 'pending' })
    .orderBy('at', 'desc')
    .limit(limit)
    .get();
  return res.data as CheckinDoc[];
}

/** Pending check-ins of an activity, newest first (served by `activity_status_at`). */
export async function pendingActivityCheckins(activityId: string, limit: number): Promise<CheckinDoc[]> {
  const res = await collection('checkins')
    .where({ activityId, status: 'pending' })
    .orderBy('at', 'desc')
    .limit(limit)
    .get();
  return res.data as CheckinDoc[];
}

/** Check-in records by id (`_id $in`). */
export async function getCheckinsByIds(ids: readonly string[]): Promise<CheckinDoc[]> {
  return readIn<CheckinDoc>('checkins', '_id', ids);
}

/** `patch` may carry review fields beyond CheckinDoc (decidedBy, decidedAt, onBehalfOf). */
export async function updateCheckinTx(
  id: string,
  patch: Partial<CheckinDoc> | Record<string, unknown>,
  tx: Transaction,
): Promise<void> {
  await tx.collection('checkins').doc(id).update(patch);
}

/** Creates the record (deterministic id `<activityId>:<memberId>`) inside a transaction. */
export async function createCheckinTx(doc: CheckinDoc, tx: Transaction): Promise<void> {
  const { _id, ...rest } = doc;
  await tx.collection('checkins').doc(_id).set(rest);
}

/** Inserts a request inside a transaction; CONFLICT-worthy `false` when the id is taken. */
export async function insertRequestTx(doc: RequestDoc, tx: Transaction): Promise<boolean> {
  const existing = await getRequest(doc._id, tx);
  if (existing) return false;
  await tx.collection('requests').add(doc);
  return true;
}
