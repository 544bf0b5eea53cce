import type { SignupStatus } from '../../../types/volunteer';
import { collection, readAll, type Transaction } from './db';

/**
 * Sign-ups to volunteer events (`signups`), one per (event, member): deterministic id
 * `<activityId>:<memberId>`. The seat count lives on the event (activities.volunteer.signedUp) and
 * changes in the same transaction as the sign-up (cloudfunctions/volunteer/actions/signup.ts).
 */
export interface SignupDoc {
  _id: string;
  activityId: string;
  teamId: string;
  memberId: string;
  memberName: string;
  status: SignupStatus;
  signedUpAt: number;
  cancelledAt?: number;
  updatedAt: number;
}

export const signupId = (activityId: string, memberId: string) => `${activityId}:${memberId}`;

function one<T>(data: unknown): T | null {
  const d = Array.isArray(data) ? data[0] : data;
  return (d as T | undefined) ?? null;
}

export async function getSignup(
  activityId: string,
  memberId: string,
  tx?: Transaction,
): Promise<SignupDoc | null> {
  const id = signupId(activityId, memberId);
  const res = tx ? await tx.collection('signups').doc(id).get() : await collection('signups').doc(id).get();
  return one<SignupDoc>(res.data);
}

export async function setSignup(doc: SignupDoc, tx: Transaction): Promise<void> {
  const { _id, ...rest } = doc;
  await tx.collection('signups').doc(_id).set(rest);
}

/** An event's sign-ups, every status (served by `activity_status`). */
export async function listEventSignups(activityId: string): Promise<SignupDoc[]> {
  return readAll<SignupDoc>('signups', { activityId });
}

/** A member's sign-ups, newest first (served by `member_updatedAt`). */
export async function listMemberSignups(memberId: string, limit = 200): Promise<SignupDoc[]> {
  const res = await collection('signups').where({ memberId }).orderBy('updatedAt', 'desc').limit(limit).get();
  return res.data as SignupDoc[];
}
