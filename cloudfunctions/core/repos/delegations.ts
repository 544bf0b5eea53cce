import { appendAudit } from './audit';
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

/** Delegations a member made that end after `since` (served by `fromMember_to`). */
export async function delegationsFrom(memberId: string, since = 0): Promise<DelegationDoc[]> {
  const cmd = db().command;
  return readAll<DelegationDoc>('delegations', { fromMemberId: memberId, to: cmd.gt(since) }, [
    ['to', 'desc'],
  ]);
}

/**
 * Ends these delegations at `now` inside `tx`, each with one `delegation.revoke` audit entry naming
 * why (security/REVIEW.md S-21: the delegator lost the role; the row changed hands). Ones already
 * revoked or over are skipped; the caller commits them with the change that caused it.
 */
export async function revokeDelegationsTx(
  docs: readonly DelegationDoc[],
  by: { actor: string; reason: string; now: number; requestId?: string },
  tx: Transaction,
): Promise<string[]> {
  const done: string[] = [];
  for (const d of docs) {
    const cur = await getDelegation(d._id, tx);
    if (!cur || (cur.revokedAt != null && cur.revokedAt <= by.now) || cur.to <= by.now) continue;
    await updateDelegation(cur._id, { revokedAt: by.now, revokedBy: by.actor }, tx);
    await appendAudit(
      {
        actor: by.actor,
        action: 'delegation.revoke',
        targetType: 'delegation',
        targetId: cur._id,
        branchId: cur.branchId,
        before: { toMemberId: cur.toMemberId, fromMemberId: cur.fromMemberId },
        after: { status: 'revoked', toMemberId: cur.toMemberId },
        reason: by.reason,
        requestId: by.requestId,
      },
      by.now,
      tx,
    );
    done.push(cur._id);
  }
  return done;
}
