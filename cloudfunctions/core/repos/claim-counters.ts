import type { Transaction } from './db';

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

function one<T>(data: unknown): T | null {
  const d = Array.isArray(data) ? data[0] : data;
  return (d as T | undefined) ?? null;
}

export async function getCounterTx(tx: Transaction, memberId: string): Promise<CounterDoc | null> {
  return one<CounterDoc>((await tx.collection('claim_counters').doc(memberId).get()).data);
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
