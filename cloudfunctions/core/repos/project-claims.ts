import type { ClaimStatus, Rating } from '../../../types/project';
import { nextIdleCheck } from '../domain/project';
import { collection, firstDoc, db, readAll, readIn, type Transaction } from './db';

/**
 * Claims (`project_claims`): one document per member and task, `_id` = `claimId(taskId, memberId)`,
 * so a repeated claim meets the same document inside the transaction (and a duplicate insert is
 * refused by the primary key). A member who released or was released may claim again: the same
 * document starts a new `round`; what happened before stays in `project_history`.
 *
 * `idleCheckAt`: when the idle timer must look at an active claim next (domain/project nextIdleCheck);
 * null for every other status, so the timer's indexed query (`status_idleCheckAt`) never reads them.
 */
export interface ClaimDoc {
  _id: string;
  taskId: string;
  projectId: string;
  /** the project's branch */
  branchId: string;
  memberId: string;
  /** the claimer's own branch (cross-branch projects) */
  memberBranchId: string;
  status: ClaimStatus;
  round: number;
  claimedAt: number;
  approvedAt: number | null;
  idleFrom: number;
  idleLimitMs: number;
  warnedAt: number | null;
  /** how the last idle warning went: a subscribe message, or onto the leader's unreachable list */
  warnChannel: 'message' | 'unreachable' | null;
  idleCheckAt: number | null;
  lastProgressAt: number | null;
  result: string | null;
  resultEvidence: string[];
  submittedAt: number | null;
  rating: Rating | null;
  reviewedBy: string | null;
  reviewedAt: number | null;
  /** the last reason given to the member (claim rejected, result returned) */
  returnReason: string | null;
  endedAt: number | null;
  endReason: string | null;
  updatedAt: number;
}

export function claimId(taskId: string, memberId: string): string {
  return `${taskId}:${memberId}`;
}

/**
 * A claim as it starts at `at` (a first claim, or a new round of the same document): approved at
 * once when it starts `active`; nothing warned, submitted, reviewed or ended yet; `idleCheckAt` from
 * domain/project `nextIdleCheck`.
 */
export function newClaimDoc(
  f: Pick<
    ClaimDoc,
    'taskId' | 'projectId' | 'branchId' | 'memberId' | 'memberBranchId' | 'status' | 'round' | 'idleLimitMs'
  >,
  at: number,
): ClaimDoc {
  const doc: ClaimDoc = {
    _id: claimId(f.taskId, f.memberId),
    ...f,
    claimedAt: at,
    approvedAt: f.status === 'active' ? at : null,
    idleFrom: at,
    warnedAt: null,
    warnChannel: null,
    idleCheckAt: null,
    lastProgressAt: null,
    result: null,
    resultEvidence: [],
    submittedAt: null,
    rating: null,
    reviewedBy: null,
    reviewedAt: null,
    returnReason: null,
    endedAt: null,
    endReason: null,
    updatedAt: at,
  };
  doc.idleCheckAt = nextIdleCheck(doc);
  return doc;
}

export async function getClaim(id: string, tx?: Transaction): Promise<ClaimDoc | null> {
  const res = tx
    ? await tx.collection('project_claims').doc(id).get()
    : await collection('project_claims').doc(id).get();
  return firstDoc<ClaimDoc>(res.data);
}

/** Writes the whole claim (insert or replace) inside a transaction. */
export async function putClaimTx(tx: Transaction, doc: ClaimDoc): Promise<void> {
  const { _id, ...rest } = doc;
  await tx.collection('project_claims').doc(_id).set(rest);
}

/** Claims on the given tasks, any status (served by `task_status`). */
export async function claimsOfTasks(taskIds: readonly string[]): Promise<ClaimDoc[]> {
  return readIn<ClaimDoc>('project_claims', 'taskId', taskIds);
}

/** Claims of these projects, optionally in the given statuses (served by `project_status`). */
export async function claimsOfProjects(
  projectIds: readonly string[],
  statuses?: readonly ClaimStatus[],
): Promise<ClaimDoc[]> {
  const extra = statuses ? { status: db().command.in([...statuses]) } : {};
  return readIn<ClaimDoc>('project_claims', 'projectId', projectIds, extra);
}

/** A member's claims, newest change first (served by `member_updatedAt`). */
export async function claimsOfMember(memberId: string): Promise<ClaimDoc[]> {
  return readAll<ClaimDoc>('project_claims', { memberId }, [['updatedAt', 'desc']]);
}

/** Active claims the idle timer must look at now, soonest first (served by `status_idleCheckAt`). */
export async function claimsDueForIdleCheck(now: number, limit: number, after = -1): Promise<ClaimDoc[]> {
  const cmd = db().command;
  const res = await collection('project_claims')
    .where({ status: 'active', idleCheckAt: cmd.lte(now).and(cmd.gt(after)) })
    .orderBy('idleCheckAt', 'asc')
    .limit(limit)
    .get();
  return res.data as ClaimDoc[];
}

/** A warning that did not reach the member: the claim goes on the leader's unreachable list. */
export async function markWarnUnreachable(id: string, now: number): Promise<void> {
  await collection('project_claims').doc(id).update({ warnChannel: 'unreachable', updatedAt: now });
}

/** Where a page of the queue starts: after the item shown last, in (time, `_id`) order. */
export interface QueueAfter {
  at: number;
  id: string;
}

/** The waiting claims of a kind and the field their waiting time is in. */
const QUEUE_FIELD = { pending: 'claimedAt', in_review: 'submittedAt' } as const;

/**
 * One page of the claims waiting for a decision in one status — `pending` by `claimedAt`, `in_review`
 * by `submittedAt` — the longest waiting first, in the total order (time, `_id`), after `after`;
 * the whole university's or one branch's (served by `status_claimedAt` / `status_submittedAt`, and
 * `branch_status_claimedAt` / `branch_status_submittedAt`). Reads `limit` documents at most.
 */
export async function waitingClaimsPage(
  status: 'pending' | 'in_review',
  opts: { branchId?: string; after?: QueueAfter; limit: number },
): Promise<ClaimDoc[]> {
  const cmd = db().command;
  const field = QUEUE_FIELD[status];
  const base = opts.branchId ? { branchId: opts.branchId, status } : { status };
  const a = opts.after;
  const where = a
    ? cmd.or([
        { ...base, [field]: cmd.gt(a.at) },
        { ...base, [field]: a.at, _id: cmd.gt(a.id) },
      ])
    : base;
  const res = await collection('project_claims')
    .where(where)
    .orderBy(field, 'asc')
    .orderBy('_id', 'asc')
    .limit(opts.limit)
    .get();
  return res.data as ClaimDoc[];
}

/** How many claims wait in a status (a server-side count; the same indexes). */
export async function countClaims(status: 'pending' | 'in_review', branchId?: string): Promise<number> {
  const res = await collection('project_claims')
    .where(branchId ? { branchId, status } : { status })
    .count();
  return res.total;
}

/**
 * Active claims whose idle warning reached nobody (`warnChannel: 'unreachable'`), the soonest to be
 * released first, at most `limit`, and how many there are (served by `status_warn_idleCheckAt`;
 * for a branch by `branch_status`, the branch's active claims only).
 */
export async function unreachableClaims(
  limit: number,
  branchId?: string,
): Promise<{ rows: ClaimDoc[]; total: number }> {
  const where = branchId
    ? { branchId, status: 'active', warnChannel: 'unreachable' }
    : { status: 'active', warnChannel: 'unreachable' };
  const [res, n] = await Promise.all([
    collection('project_claims')
      .where(where)
      .orderBy('idleCheckAt', 'asc')
      .orderBy('_id', 'asc')
      .limit(limit)
      .get(),
    collection('project_claims').where(where).count(),
  ]);
  return { rows: res.data as ClaimDoc[], total: n.total };
}
