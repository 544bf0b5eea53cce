import type { Absentee, MinutesDraft } from '../domain/attendance';
import { collection, firstDoc, type Transaction } from './db';

/** An absentee as stored in the minutes: who (id), why; the name comes from the roster when read. */
export type StoredAbsentee = Omit<Absentee, 'name'>;

/**
 * Meeting minutes (会议记录), one document per activity: `_id` = activity id (unique `activity_unique`
 * too); the written fields are the draft's (domain/attendance/minutes.ts `MinutesDraft`).
 */
export interface MinutesDoc extends Pick<
  MinutesDraft,
  'activityId' | 'place' | 'chair' | 'recorder' | 'firstTopic' | 'agenda' | 'keyPoints' | 'decisions'
> {
  _id: string;
  branchId: string;
  status: 'draft' | 'complete';
  /**
   * Typed reasons for unexcused absentees (approved leave always shows its own reason): member ids
   * only, never names — names are resolved from the roster when the minutes are read, so a deleted
   * member's name is not kept here (security/REVIEW.md S-7). Documents written before may still
   * carry a `name`; readers ignore it.
   */
  absentees?: StoredAbsentee[] | null;
  completedAt?: number | null;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}

export async function getMinutesDoc(activityId: string, tx?: Transaction): Promise<MinutesDoc | null> {
  const res = tx
    ? await tx.collection('minutes').doc(activityId).get()
    : await collection('minutes').doc(activityId).get();
  return firstDoc<MinutesDoc>(res.data);
}

/** Creates or replaces the minutes inside a transaction. */
export async function putMinutesDoc(doc: MinutesDoc, tx: Transaction): Promise<void> {
  const { _id, ...rest } = doc;
  await tx.collection('minutes').doc(_id).set(rest);
}
