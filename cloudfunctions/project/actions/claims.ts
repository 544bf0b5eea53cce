import type {
  TClaimInput,
  TClaimOutput,
  TPhotoTicketInput,
  TPhotoTicketOutput,
  TProgressInput,
  TProgressOutput,
  TReleaseInput,
  TReleaseOutput,
  TReviewClaimInput,
  TReviewClaimOutput,
  TReviewResultInput,
  TReviewResultOutput,
  TSubmitInput,
  TSubmitOutput,
} from '../../../types/project';
import {
  claimLimitOf,
  type ClaimEvent,
  counterDelta,
  evaluateClaim,
  idleLimitMsOf,
  nextIdleCheck,
  transition,
} from '../../core/domain/project';
import { DomainError } from '../../core/errors';
import type { ActionContext } from '../../core/router';
import { getCounterTx, putCounterTx } from '../../core/repos/claim-counters';
import { newId, type Transaction } from '../../core/repos/db';
import {
  claimId as claimIdOf,
  getClaim,
  newClaimDoc,
  putClaimTx,
  type ClaimDoc,
} from '../../core/repos/project-claims';
import { appendHistoryTx, claimHistoryFields, type HistoryDoc } from '../../core/repos/project-history';
import { getProjectSettings } from '../../core/repos/project-settings';
import { getTask, updateTaskTx, type TaskDoc } from '../../core/repos/project-tasks';
import { insertUpload, uploadMetadata } from '../../core/repos/project-uploads';
import { claimOf, claimTaskOf, taskOf } from './access';
import { actor, checkEvidence, contended, requireMemberId } from './common';

/**
 * Claiming and every later move of a claim (docs/projects.md). Each move is ONE transaction that
 * re-reads the claim and its task, asks the state machine (core/domain/project), moves the task's
 * seat counter and the member's open-claim counter by the transition's delta, writes the claim and
 * appends the history entry — so a seat, a counter and the history never disagree.
 */

async function readTaskTx(tx: Transaction, id: string): Promise<TaskDoc> {
  const t = await getTask(id, tx);
  if (!t) throw new DomainError('NOT_FOUND', 'task not found');
  return t;
}

/** Applies the counters of a transition (task seats, the member's open claims). */
async function applyCounters(
  tx: Transaction,
  task: TaskDoc,
  memberId: string,
  delta: { seats: number; open: number },
  now: number,
): Promise<void> {
  if (delta.seats !== 0) {
    const taken = Math.max(0, task.taken + delta.seats);
    // a task with no seat-holder left can no longer be "done"; re-arm its overdue mark if unmarked
    await updateTaskTx(tx, task._id, { taken, updatedAt: now });
  }
  if (delta.open !== 0) {
    const counter = await getCounterTx(tx, memberId);
    await putCounterTx(tx, memberId, (counter?.open ?? 0) + delta.open, now);
  }
}

// ---- claim --------------------------------------------------------------------------------------
export async function claim(input: TClaimInput, ctx: ActionContext): Promise<TClaimOutput> {
  const me = requireMemberId(ctx.caller);
  const id = claimIdOf(input.taskId, me);
  const seen = await taskOf(input);
  if (!seen) throw new DomainError('NOT_FOUND', 'task not found');
  // Fast refusal without a transaction when the task was full at the policy's read: seats only
  // ever free up by a later transaction, so the answer can only be too strict, never oversell — but
  // a member who holds a seat gets their claim back.
  if (seen.taken >= seen.capacity || seen.projectStatus !== 'active') {
    const mine = await getClaim(id);
    if (!mine || !['pending', 'active', 'in_review', 'done'].includes(mine.status)) {
      throw new DomainError(
        seen.projectStatus !== 'active' ? 'PROJECT_NOT_ACTIVE' : 'TASK_FULL',
        seen.projectStatus !== 'active' ? 'the project is not active' : 'no seat left',
      );
    }
    return { claimId: id, status: mine.status, duplicate: true };
  }
  const settings = await getProjectSettings(ctx.caller.branchId ?? seen.branchId);
  const projectSettings =
    seen.branchId === ctx.caller.branchId ? settings : await getProjectSettings(seen.branchId);
  const claimLimit = claimLimitOf(settings);
  const idleLimitMs = idleLimitMsOf(projectSettings);
  const now = ctx.now;

  return contended(async (tx) => {
    const task = await readTaskTx(tx, input.taskId);
    const existing = await getClaim(id, tx);
    const counter = await getCounterTx(tx, me);
    const d = evaluateClaim({
      projectStatus: task.projectStatus,
      task,
      existing,
      openClaims: counter?.open ?? 0,
      claimLimit,
      now,
    });
    if (d.kind === 'duplicate') return { claimId: id, status: d.status, duplicate: true };
    if (d.kind === 'refuse') throw new DomainError(d.code, refusal[d.code]);
    const doc = newClaimDoc(
      {
        taskId: task._id,
        projectId: task.projectId,
        branchId: task.branchId,
        memberId: me,
        memberBranchId: ctx.caller.branchId ?? task.branchId,
        status: d.status,
        round: (existing?.round ?? 0) + 1,
        idleLimitMs,
      },
      now,
    );
    await updateTaskTx(tx, task._id, { taken: task.taken + 1, updatedAt: now });
    await putCounterTx(tx, me, (counter?.open ?? 0) + 1, now);
    await putClaimTx(tx, doc);
    await appendHistoryTx(tx, { ...claimHistoryFields(doc), at: now, by: me, action: 'claimed' });
    return { claimId: id, status: d.status, duplicate: false };
  });
}

const refusal: Record<string, string> = {
  PROJECT_NOT_ACTIVE: 'the project is not active',
  TASK_OVERDUE: 'the task is past its due time',
  TASK_FULL: 'no seat left',
  CLAIM_LIMIT: 'too many open claims',
};

// ---- later moves --------------------------------------------------------------------------------
interface Move {
  claimId: string;
  event: ClaimEvent;
  by: string;
  now: number;
  /** checks that need the claim and task (inside the transaction); may throw a DomainError */
  guard?: (c: ClaimDoc, t: TaskDoc) => void;
  /** fields of the claim to change besides status */
  patch?: (c: ClaimDoc, t: TaskDoc) => Partial<ClaimDoc>;
  history: Partial<Pick<HistoryDoc, 'reason' | 'note' | 'result' | 'rating' | 'evidenceFileIds'>>;
}

/** One move of a claim in one transaction; answers the claim as it is afterwards. */
export async function moveClaim(m: Move): Promise<ClaimDoc> {
  return contended(async (tx) => {
    const c = await getClaim(m.claimId, tx);
    if (!c) throw new DomainError('NOT_FOUND', 'claim not found');
    const task = await readTaskTx(tx, c.taskId);
    if (task.projectStatus === 'closed')
      throw new DomainError('PROJECT_CLOSED', 'the project is closed (read-only)');
    const t = transition(c.status, m.event);
    if (!t.ok)
      throw new DomainError('INVALID_TRANSITION', `cannot ${m.event} a claim that is ${c.status}`, {
        status: c.status,
      });
    m.guard?.(c, task);
    const next: ClaimDoc = { ...c, ...(m.patch?.(c, task) ?? {}), status: t.to, updatedAt: m.now };
    next.idleCheckAt = nextIdleCheck(next);
    await applyCounters(tx, task, c.memberId, counterDelta(c.status, t.to), m.now);
    await putClaimTx(tx, next);
    await appendHistoryTx(tx, {
      ...claimHistoryFields(next),
      at: m.now,
      by: m.by,
      action: HISTORY_OF[m.event],
      ...m.history,
    });
    return next;
  });
}

const HISTORY_OF: Record<ClaimEvent, HistoryDoc['action']> = {
  claim: 'claimed',
  approve: 'approved',
  reject: 'rejected',
  release: 'released',
  auto_release: 'auto_released',
  progress: 'progress',
  submit: 'submitted',
  accept: 'accepted',
  return: 'returned',
};

/** A fresh idle period: the clock restarts, the warning is re-armed. */
const restartIdle = (now: number): Partial<ClaimDoc> => ({
  idleFrom: now,
  warnedAt: null,
  warnChannel: null,
});

export async function reviewClaim(input: TReviewClaimInput, ctx: ActionContext): Promise<TReviewClaimOutput> {
  const approve = input.decision === 'approve';
  const c = await moveClaim({
    claimId: input.claimId,
    event: approve ? 'approve' : 'reject',
    by: actor(ctx.caller),
    now: ctx.now,
    patch: () =>
      approve
        ? { approvedAt: ctx.now, ...restartIdle(ctx.now) }
        : { returnReason: input.reason ?? null, endedAt: ctx.now, endReason: input.reason ?? null },
    history: { reason: input.reason },
  });
  return { status: c.status };
}

export async function release(input: TReleaseInput, ctx: ActionContext): Promise<TReleaseOutput> {
  await moveClaim({
    claimId: input.claimId,
    event: 'release',
    by: actor(ctx.caller),
    now: ctx.now,
    patch: () => ({ endedAt: ctx.now, endReason: input.reason }),
    history: { reason: input.reason },
  });
  return { status: 'released' };
}

export async function progress(input: TProgressInput, ctx: ActionContext): Promise<TProgressOutput> {
  const me = requireMemberId(ctx.caller);
  const evidence = input.evidenceFileIds ?? [];
  await checkEvidence(evidence, me, input.claimId);
  await moveClaim({
    claimId: input.claimId,
    event: 'progress',
    by: me,
    now: ctx.now,
    patch: () => ({ lastProgressAt: ctx.now, ...restartIdle(ctx.now) }),
    history: { note: input.note, evidenceFileIds: evidence.length ? [...new Set(evidence)] : undefined },
  });
  return { at: ctx.now };
}

export async function submit(input: TSubmitInput, ctx: ActionContext): Promise<TSubmitOutput> {
  const me = requireMemberId(ctx.caller);
  const evidence = [...new Set(input.evidenceFileIds ?? [])];
  const task = await claimTaskOf(input);
  if (task?.evidenceRequired && evidence.length === 0)
    throw new DomainError('EVIDENCE_REQUIRED', 'this task needs photo evidence with the result');
  await checkEvidence(evidence, me, input.claimId);
  await moveClaim({
    claimId: input.claimId,
    event: 'submit',
    by: me,
    now: ctx.now,
    // re-checked on the task as read in the transaction (the leader may have just required evidence)
    guard: (_c, t) => {
      if (t.evidenceRequired && evidence.length === 0)
        throw new DomainError('EVIDENCE_REQUIRED', 'this task needs photo evidence with the result');
    },
    patch: () => ({ result: input.result, resultEvidence: evidence, submittedAt: ctx.now }),
    history: { result: input.result, evidenceFileIds: evidence.length ? evidence : undefined },
  });
  return { status: 'in_review' };
}

export async function reviewResult(
  input: TReviewResultInput,
  ctx: ActionContext,
): Promise<TReviewResultOutput> {
  const accept = input.decision === 'accept';
  const by = actor(ctx.caller);
  const c = await moveClaim({
    claimId: input.claimId,
    event: accept ? 'accept' : 'return',
    by,
    now: ctx.now,
    // whoever reviews, never the member who did the work — not even the leader or an admin
    guard: (cl) => {
      if (ctx.caller.member && ctx.caller.active && cl.memberId === ctx.caller.member.id)
        throw new DomainError('REVIEWER_IS_CLAIMER', 'nobody reviews their own result');
    },
    patch: () =>
      accept
        ? { rating: input.rating ?? null, reviewedBy: by, reviewedAt: ctx.now, endedAt: ctx.now }
        : {
            returnReason: input.reason ?? null,
            reviewedBy: by,
            reviewedAt: ctx.now,
            ...restartIdle(ctx.now),
          },
    history: { reason: input.reason, rating: input.rating },
  });
  return { status: c.status };
}

// ---- photos -------------------------------------------------------------------------------------
export async function photoTicket(input: TPhotoTicketInput, ctx: ActionContext): Promise<TPhotoTicketOutput> {
  const me = requireMemberId(ctx.caller);
  const c = await claimOf(input);
  if (!c) throw new DomainError('NOT_FOUND', 'claim not found');
  const task = await getTask(c.taskId);
  if (task?.projectStatus === 'closed')
    throw new DomainError('PROJECT_CLOSED', 'the project is closed (read-only)');
  if (c.status !== 'active')
    throw new DomainError('INVALID_TRANSITION', `no photos for a claim that is ${c.status}`, {
      status: c.status,
    });
  const cloudPath = `project/${c.projectId}/${c._id.replace(/[^A-Za-z0-9_-]/g, '_')}/${ctx.now}-${newId().slice(0, 8)}.${input.ext}`;
  const meta = await uploadMetadata(cloudPath);
  await insertUpload({
    _id: newId(),
    fileId: meta.fileId,
    cloudPath,
    memberId: me,
    claimId: c._id,
    createdAt: ctx.now,
  });
  return { cloudPath, fileId: meta.fileId, upload: { url: meta.url, headers: meta.headers } };
}
