import { db, firstDoc, type Transaction } from './db';

/**
 * A member's number of open claims (`claim_counters`, `_id` = member id), changed in the same
 * transaction as the claim whose status moves: two claims of one member at once meet on this
 * document, so the per-member cap holds under concurrency as the task's `taken` does.
 */
export interface CounterDoc {
  _id: string;
  open: number;
  updatedAt: number;
}

export async function getCounterTx(tx: Transaction, memberId: string): Promise<CounterDoc | null> {
  return firstDoc<CounterDoc>((await tx.collection('claim_counters').doc(memberId).get()).data);
}

export async function putCounterTx(
  tx: Transaction,
  memberId: string,
  open: number,
  now: number,
): Promise<void> {
  await tx
    .collection('claim_counters')
    .doc(memberId)
    .set({ open: Math.max(0, open), updatedAt: now });
}

/**
 * `n` of the member's open claims ended (the idle timer's releases), without reading the counter
 * first: one request instead of two. The counter counted each of those claims when it became open
 * (claims.ts), so it never goes below zero.
 */
export async function releaseOpenTx(
  tx: Transaction,
  memberId: string,
  n: number,
  now: number,
): Promise<void> {
  await tx
    .collection('claim_counters')
    .doc(memberId)
    .update({ open: db().command.inc(-n), updatedAt: now });
}
