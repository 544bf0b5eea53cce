import type {
  TAddTaskInput,
  TAddTaskOutput,
  TCreateProjectInput,
  TCreateProjectOutput,
  TProjectTransitionInput,
  TProjectTransitionOutput,
  TSettingsInput,
  TSettingsOutput,
  TUpdateTaskInput,
  TUpdateTaskOutput,
} from '../../../types/project';
import { DEFAULT_CLAIM_LIMIT, DEFAULT_IDLE_LIMIT_DAYS } from '../../../types/project';
import { counterDelta, isOpen, projectTransition } from '../../core/domain/project';
import { DomainError } from '../../core/errors';
import type { ActionContext } from '../../core/router';
import { appendAudit } from '../../core/repos/audit';
import { getCounterTx, putCounterTx } from '../../core/repos/claim-counters';
import { newId, runTransaction } from '../../core/repos/db';
import { getMember } from '../../core/repos/members';
import { claimsOfProjects, getClaim, putClaimTx, type ClaimDoc } from '../../core/repos/project-claims';
import { appendHistoryTx, claimHistoryFields } from '../../core/repos/project-history';
import { getProjectSettings, putProjectSettings } from '../../core/repos/project-settings';
import {
  getTask,
  insertTask,
  listProjectTasks,
  setTasksProjectStatus,
  updateTaskTx,
  type TaskDoc,
} from '../../core/repos/project-tasks';
import { insertProject, updateProjectTx, type ProjectDoc } from '../../core/repos/projects';
import { projectOf, taskOf } from './access';
import { actor, contended } from './common';

/** Leader, reviewer: an active member of the project's branch (MEMBER_NOT_IN_BRANCH otherwise). */
async function requireBranchMember(memberId: string, branchId: string, field: string): Promise<void> {
  const m = await getMember(memberId);
  if (!m || m.status !== 'active' || m.branchId !== branchId)
    throw new DomainError(
      'MEMBER_NOT_IN_BRANCH',
      `${field} must be an active member of the project's branch`,
      {
        field,
      },
    );
}

export async function createProject(
  input: TCreateProjectInput,
  ctx: ActionContext,
): Promise<TCreateProjectOutput> {
  await requireBranchMember(input.leaderMemberId, input.branchId, 'leaderMemberId');
  const now = ctx.now;
  const doc: ProjectDoc = {
    _id: newId(),
    branchId: input.branchId,
    title: input.title,
    goal: input.goal,
    category: input.category ?? null,
    startAt: input.startAt ?? null,
    dueAt: input.dueAt,
    leaderMemberId: input.leaderMemberId,
    openTo: input.openTo ?? 'branch',
    status: 'draft',
    createdBy: actor(ctx.caller),
    createdAt: now,
    updatedAt: now,
    activatedAt: null,
    closedAt: null,
    closeReason: null,
  };
  await runTransaction(async (tx) => {
    await insertProject(doc, tx);
    await appendAudit(
      {
        actor: actor(ctx.caller),
        action: 'project.create',
        targetType: 'project',
        targetId: doc._id,
        branchId: doc.branchId,
        after: { title: doc.title, leaderMemberId: doc.leaderMemberId, openTo: doc.openTo, dueAt: doc.dueAt },
        requestId: ctx.requestId,
      },
      now,
      tx,
    );
  });
  return { id: doc._id, status: 'draft' };
}

function requireProject(p: ProjectDoc | null): ProjectDoc {
  if (!p) throw new DomainError('NOT_FOUND', 'project not found');
  return p;
}

export async function addTask(input: TAddTaskInput, ctx: ActionContext): Promise<TAddTaskOutput> {
  const p = requireProject(await projectOf(input));
  if (p.status === 'closed') throw new DomainError('PROJECT_CLOSED', 'the project is closed (read-only)');
  if (input.reviewerMemberId)
    await requireBranchMember(input.reviewerMemberId, p.branchId, 'reviewerMemberId');
  const now = ctx.now;
  const doc: TaskDoc = {
    _id: newId(),
    projectId: p._id,
    branchId: p.branchId,
    projectStatus: p.status,
    openTo: p.openTo,
    leaderMemberId: p.leaderMemberId,
    title: input.title,
    duty: input.duty,
    capacity: input.capacity,
    taken: 0,
    dueAt: input.dueAt,
    requiresApproval: input.requiresApproval ?? false,
    evidenceRequired: input.evidenceRequired ?? false,
    reviewerMemberId: input.reviewerMemberId ?? null,
    overdueCheckAt: input.dueAt + 1,
    overdueAt: null,
    createdBy: actor(ctx.caller),
    createdAt: now,
    updatedAt: now,
  };
  await runTransaction(async (tx) => {
    await insertTask(doc, tx);
    await appendAudit(
      {
        actor: actor(ctx.caller),
        action: 'project.addTask',
        targetType: 'project_task',
        targetId: doc._id,
        branchId: p.branchId,
        after: { projectId: p._id, title: doc.title, capacity: doc.capacity, dueAt: doc.dueAt },
        requestId: ctx.requestId,
      },
      now,
      tx,
    );
  });
  return { taskId: doc._id };
}

export async function updateTask(input: TUpdateTaskInput, ctx: ActionContext): Promise<TUpdateTaskOutput> {
  const seen = await taskOf(input);
  if (!seen) throw new DomainError('NOT_FOUND', 'task not found');
  if (input.reviewerMemberId)
    await requireBranchMember(input.reviewerMemberId, seen.branchId, 'reviewerMemberId');
  const now = ctx.now;
  await contended(async (tx) => {
    const t = await getTask(input.taskId, tx);
    if (!t) throw new DomainError('NOT_FOUND', 'task not found');
    if (t.projectStatus === 'closed')
      throw new DomainError('PROJECT_CLOSED', 'the project is closed (read-only)');
    if (input.capacity !== undefined && input.capacity < t.taken)
      throw new DomainError(
        'CAPACITY_BELOW_TAKEN',
        `capacity ${input.capacity} is below the ${t.taken} seats held`,
        {
          taken: t.taken,
        },
      );
    const patch: Partial<TaskDoc> = { updatedAt: now };
    for (const k of ['title', 'duty', 'capacity', 'requiresApproval', 'evidenceRequired'] as const)
      if (input[k] !== undefined) (patch as Record<string, unknown>)[k] = input[k];
    if (input.reviewerMemberId !== undefined) patch.reviewerMemberId = input.reviewerMemberId;
    if (input.dueAt !== undefined) {
      patch.dueAt = input.dueAt;
      // a new due date re-arms the overdue mark
      patch.overdueAt = null;
      patch.overdueCheckAt = input.dueAt + 1;
    }
    await updateTaskTx(tx, t._id, patch);
    const before = Object.fromEntries(
      Object.keys(patch).map((k) => [k, (t as unknown as Record<string, unknown>)[k]]),
    );
    await appendAudit(
      {
        actor: actor(ctx.caller),
        action: 'project.updateTask',
        targetType: 'project_task',
        targetId: t._id,
        branchId: t.branchId,
        before,
        after: patch,
        requestId: ctx.requestId,
      },
      now,
      tx,
    );
  });
  return { taskId: input.taskId };
}

export async function activate(
  input: TProjectTransitionInput,
  ctx: ActionContext,
): Promise<TProjectTransitionOutput> {
  const p = requireProject(await projectOf(input));
  const t = projectTransition(p.status, 'activate');
  if (!t.ok) {
    if (p.status === 'closed') throw new DomainError('PROJECT_CLOSED', 'the project is closed (read-only)');
    return { status: p.status }; // already active: activating again changes nothing
  }
  const tasks = await listProjectTasks(p._id);
  if (tasks.length === 0) throw new DomainError('PROJECT_HAS_NO_TASKS', 'add a task before activating');
  // tasks first: they are what claims read; then the project, with its audit entry
  await setTasksProjectStatus(p._id, 'active', ctx.now);
  await runTransaction(async (tx) => {
    await updateProjectTx(tx, p._id, { status: 'active', activatedAt: ctx.now, updatedAt: ctx.now });
    await appendAudit(
      {
        actor: actor(ctx.caller),
        action: 'project.activate',
        targetType: 'project',
        targetId: p._id,
        branchId: p.branchId,
        before: { status: p.status },
        after: { status: 'active' },
        reason: input.reason,
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
  });
  return { status: 'active' };
}

/**
 * Closing: refused while results wait for review (CLAIMS_IN_REVIEW). The tasks stop taking claims
 * and moves first; then every still-open claim ends as `released` with the reason (its seat and the
 * member's open-claim slot are given back); then the project is closed. Closing a closed project
 * again finishes a sweep an earlier run did not complete.
 */
export async function close(
  input: TProjectTransitionInput,
  ctx: ActionContext,
): Promise<TProjectTransitionOutput> {
  const p = requireProject(await projectOf(input));
  const t = projectTransition(p.status, 'close');
  if (t.ok) {
    const inReview = await claimsOfProjects([p._id], ['in_review']);
    if (inReview.length > 0)
      throw new DomainError('CLAIMS_IN_REVIEW', `${inReview.length} result(s) wait for review`, {
        claims: inReview.length,
      });
  }
  await setTasksProjectStatus(p._id, 'closed', ctx.now);
  const reason = input.reason ? `项目结束：${input.reason}` : '项目结束';
  const open = await claimsOfProjects([p._id], ['pending', 'active', 'in_review']);
  let released = 0;
  for (const c of open) if (await endWithProject(c._id, reason, actor(ctx.caller), ctx.now)) released++;
  if (t.ok) {
    await runTransaction(async (tx) => {
      await updateProjectTx(tx, p._id, {
        status: 'closed',
        closedAt: ctx.now,
        closeReason: input.reason ?? null,
        updatedAt: ctx.now,
      });
      await appendAudit(
        {
          actor: actor(ctx.caller),
          action: 'project.close',
          targetType: 'project',
          targetId: p._id,
          branchId: p.branchId,
          before: { status: p.status },
          after: { status: 'closed', releasedClaims: released },
          reason: input.reason,
          requestId: ctx.requestId,
        },
        ctx.now,
        tx,
      );
    });
  }
  return { status: 'closed', releasedClaims: released };
}

async function endWithProject(claimId: string, reason: string, by: string, now: number): Promise<boolean> {
  return contended(async (tx) => {
    const c = await getClaim(claimId, tx);
    if (!c || !isOpen(c.status)) return false;
    const task = await getTask(c.taskId, tx);
    const delta = counterDelta(c.status, 'released');
    if (task)
      await updateTaskTx(tx, task._id, { taken: Math.max(0, task.taken + delta.seats), updatedAt: now });
    const counter = await getCounterTx(tx, c.memberId);
    await putCounterTx(tx, c.memberId, (counter?.open ?? 0) + delta.open, now);
    const next: ClaimDoc = {
      ...c,
      status: 'released',
      idleCheckAt: null,
      endedAt: now,
      endReason: reason,
      updatedAt: now,
    };
    await putClaimTx(tx, next);
    await appendHistoryTx(tx, {
      ...claimHistoryFields(c),
      at: now,
      by,
      action: 'released',
      reason,
    });
    return true;
  });
}

export async function settings(input: TSettingsInput, ctx: ActionContext): Promise<TSettingsOutput> {
  const cur = await getProjectSettings(input.branchId);
  const changed = input.claimLimit !== undefined || input.idleLimitDays !== undefined;
  const next = {
    claimLimit: input.claimLimit ?? cur?.claimLimit ?? DEFAULT_CLAIM_LIMIT,
    idleLimitDays: input.idleLimitDays ?? cur?.idleLimitDays ?? DEFAULT_IDLE_LIMIT_DAYS,
  };
  if (changed) {
    await putProjectSettings({
      _id: input.branchId,
      ...next,
      updatedBy: actor(ctx.caller),
      updatedAt: ctx.now,
    });
    await appendAudit(
      {
        actor: actor(ctx.caller),
        action: 'project.settings',
        targetType: 'branch',
        targetId: input.branchId,
        branchId: input.branchId,
        before: cur ? { claimLimit: cur.claimLimit, idleLimitDays: cur.idleLimitDays } : undefined,
        after: next,
        requestId: ctx.requestId,
      },
      ctx.now,
    );
  }
  return { branchId: input.branchId, ...next };
}
