import type { BindingStatus } from '../../../types/member';
import { collection, readAll, type Transaction } from './db';

/**
 * One binding request: a WeChat user (openid) asked to be a roster row. Kept after the decision so
 * the user sees a rejection with its reason and `myData` can list every request.
 */
export interface BindingDoc {
  _id: string;
  openid: string;
  memberId: string;
  branchId: string;
  status: BindingStatus;
  reason?: string;
  decidedBy?: string;
  decidedAt?: number;
  /** Failed binding attempts of this openid in the throttle window before the request (for the reviewer). */
  failedBefore?: number;
  lastFailedAt?: number;
  createdAt: number;
  updatedAt: number;
}

export async function insertBinding(doc: BindingDoc, tx?: Transaction): Promise<void> {
  if (tx) await tx.collection('bindings').add(doc);
  else await collection('bindings').add(doc);
}

export async function updateBinding(
  id: string,
  fields: Partial<Omit<BindingDoc, '_id'>>,
  tx?: Transaction,
): Promise<void> {
  if (tx) await tx.collection('bindings').doc(id).update(fields);
  else await collection('bindings').doc(id).update(fields);
}

/** The openid's requests, newest first (served by `openid_createdAt`). */
export async function bindingsOfOpenid(openid: string, limit = 100): Promise<BindingDoc[]> {
  const res = await collection('bindings').where({ openid }).orderBy('createdAt', 'desc').limit(limit).get();
  return res.data as BindingDoc[];
}

/** The row's requests, newest first (served by `member_createdAt`). */
export async function bindingsOfMember(memberId: string, limit = 100): Promise<BindingDoc[]> {
  const res = await collection('bindings')
    .where({ memberId })
    .orderBy('createdAt', 'desc')
    .limit(limit)
    .get();
  return res.data as BindingDoc[];
}

/** Every binding request of an openid or of a roster row, unpaged (a PIPL access answer is complete). */
export async function everyBindingOf(who: { openid: string } | { memberId: string }): Promise<BindingDoc[]> {
  return readAll<BindingDoc>('bindings', who);
}
