import type { HistoryAction, Rating } from '../../../types/project';
import { newId, readAll, type Transaction } from './db';

/**
 * Every transition of a claim (`project_history`), appended in the transaction that makes it;
 * nothing here is ever updated or deleted.
 */
export interface HistoryDoc {
  _id: string;
  claimId: string;
  taskId: string;
  projectId: string;
  branchId: string;
  memberId: string;
  round: number;
  at: number;
  /** member id, `system` (timer) or `openid:<openid>` */
  by: string;
  action: HistoryAction;
  reason?: string;
  note?: string;
  result?: string;
  rating?: Rating;
  evidenceFileIds?: string[];
}

/** The fields every entry copies from its claim (the claim's `_id` becomes `claimId`). */
export function claimHistoryFields(c: {
  _id: string;
  taskId: string;
  projectId: string;
  branchId: string;
  memberId: string;
  round: number;
}): Omit<HistoryDoc, '_id' | 'at' | 'by' | 'action'> {
  return {
    claimId: c._id,
    taskId: c.taskId,
    projectId: c.projectId,
    branchId: c.branchId,
    memberId: c.memberId,
    round: c.round,
  };
}

export async function appendHistoryTx(tx: Transaction, entry: Omit<HistoryDoc, '_id'>): Promise<void> {
  const doc = Object.fromEntries(
    Object.entries({ _id: newId(), ...entry }).filter(([, v]) => v !== undefined),
  );
  await tx.collection('project_history').add(doc);
}

/** A claim's entries, oldest first (served by `claim_at`). */
export async function historyOfClaim(claimId: string): Promise<HistoryDoc[]> {
  return readAll<HistoryDoc>('project_history', { claimId }, [['at', 'asc']]);
}
