import { collection, db, readAll, type Transaction } from './db';

/**
 * Delegations (`delegations`): a secretary lets a member of the branch approve attendance for
 * `[from, to)`. A delegation expires by itself (domain/attendance/delegation.ts reads the dates);
 * an early end sets `revokedAt`. Nothing is deleted.
 */
export interface DelegationDoc {
  _id: string;
  branchId: string;
  fromMemberId: string;
  fromName?: string;
  toMemberId: string;
  toName?: string;
  from: number;
  to: number;
  reason?: string | null;
  revokedAt?: number | null;
  revokedBy?: string | null;
  createdAt: number;
  createdBy: string;
}

function one<T>(data: unknown): T | null {
  const d = Array.isArray(data) ? data[0] : data;
  return (d as T | undefined) ?? null;
}

export async function getDelegation(id: string, tx?: Transaction): Promise<DelegationDoc | null> {
  const res = tx
    ? await tx.collection('delegations').doc(id).get()
    : await collection('delegations').doc(id).get();
  return one<DelegationDoc>(res.data);
}

export async function insertDelegation(doc: DelegationDoc, tx: Transaction): Promise<void> {
  await tx.collection('delegations').add(doc);
}

export async function updateDelegation(
  id: string,
  patch: Partial<DelegationDoc>,
  tx: Transaction,
): Promise<void> {
  await tx.collection('delegations').doc(id).update(patch);
}

/** A branch's delegations that end after `since`, latest end first (served by `branch_to`). */
export async function branchDelegations(branchId: string, since = 0): Promise<DelegationDoc[]> {
  const cmd = db().command;
  return readAll<DelegationDoc>('delegations', { branchId, to: cmd.gt(since) }, [['to', 'desc']]);
}

/** Delegations given to a member that end after `since` (served by `toMember_to`). */
export async function delegationsTo(memberId: string, since = 0): Promise<DelegationDoc[]> {
  const cmd = db().command;
  return readAll<DelegationDoc>('delegations', { toMemberId: memberId, to: cmd.gt(since) }, [['to', 'desc']]);
}
