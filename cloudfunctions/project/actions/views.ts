import type {
  TGetClaimInput,
  TGetClaimOutput,
  TGetProjectInput,
  TGetProjectOutput,
  THistoryInput,
  THistoryOutput,
  TListProjectsInput,
  TListProjectsOutput,
  TMyTasksOutput,
  TOverviewInput,
  TOverviewOutput,
  TProjectQueueInput,
  TProjectQueueOutput,
  TProjectSummary,
  TTask,
} from '../../../types/project';
import { evaluateClaim, idleSchedule, isOpen } from '../../core/domain/project';
import { DomainError } from '../../core/errors';
import type { ActionContext } from '../../core/router';
import { claimsOfMember, claimsOfProjects, type ClaimDoc } from '../../core/repos/project-claims';
import { historyOfClaim } from '../../core/repos/project-history';
import { fileUrls } from '../../core/repos/project-uploads';
import { getTask, listTasksOfProjects, tasksReviewedBy, type TaskDoc } from '../../core/repos/project-tasks';
import {
  getProject,
  listAllProjects,
  listBranchProjects,
  listLedBy,
  listOpenToAll,
  type ProjectDoc,
} from '../../core/repos/projects';
import { boards, type ProjectBoard } from '../../core/repos/read/projects';
import { claimOf, mayManage, mayReview, maySee, projectOf } from './access';
import { branchNames, evidenceOf, historyEntries, nameOf, namesOf, toMyTask } from './common';

function summary(
  b: ProjectBoard,
  branches: Map<string, string>,
  names: Map<string, string>,
  canManage: boolean,
): TProjectSummary {
  const p = b.project;
  return {
    id: p._id,
    branchId: p.branchId,
    branchName: branches.get(p.branchId) ?? '',
    title: p.title,
    goal: p.goal,
    category: p.category,
    status: p.status,
    openTo: p.openTo,
    startAt: p.startAt,
    dueAt: p.dueAt,
    leaderMemberId: p.leaderMemberId,
    leaderName: nameOf(names, p.leaderMemberId),
    ...b.counts,
    canManage,
  };
}

/** Projects the caller may see: own branch (drafts only for managers), every non-draft `all` project, led ones. */
async function visibleProjects(ctx: ActionContext, branchId?: string): Promise<ProjectDoc[]> {
  const c = ctx.caller;
  let list: ProjectDoc[];
  if (c.isAdmin) list = branchId ? await listBranchProjects([branchId]) : await listAllProjects();
  else {
    const [own, all, led] = await Promise.all([
      c.branchId ? listBranchProjects([c.branchId]) : Promise.resolve([]),
      listOpenToAll(['active', 'closed']),
      c.member ? listLedBy(c.member.id) : Promise.resolve([]),
    ]);
    const byId = new Map<string, ProjectDoc>();
    for (const p of [...own, ...all, ...led]) byId.set(p._id, p);
    list = [...byId.values()].filter((p) => maySee(c, p));
    if (branchId) list = list.filter((p) => p.branchId === branchId);
  }
  return list.sort((a, b) => b.createdAt - a.createdAt);
}

const STATUS_ORDER = { active: 0, draft: 1, closed: 2 } as const;

export async function listProjects(
  input: TListProjectsInput,
  ctx: ActionContext,
): Promise<TListProjectsOutput> {
  let list = await visibleProjects(ctx, input.branchId);
  if (input.status) list = list.filter((p) => p.status === input.status);
  list.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.createdAt - a.createdAt);
  const [bs, branches, names] = await Promise.all([
    boards(list, ctx.now),
    branchNames(),
    namesOf(list.map((p) => p.leaderMemberId)),
  ]);
  return bs.map((b) => summary(b, branches, names, mayManage(ctx.caller, b.project)));
}

export async function getProjectBoard(
  input: TGetProjectInput,
  ctx: ActionContext,
): Promise<TGetProjectOutput> {
  const p = await projectOf(input);
  if (!p) throw new DomainError('NOT_FOUND', 'project not found');
  const [b] = await boards([p], ctx.now);
  const me = ctx.caller.active && ctx.caller.member ? ctx.caller.member.id : null;
  const mine = me
    ? new Map((await claimsOfMember(me)).filter((c) => c.projectId === p._id).map((c) => [c.taskId, c]))
    : new Map<string, ClaimDoc>();
  const names = await namesOf([
    p.leaderMemberId,
    ...b.tasks.flatMap((v) => [...v.holders.map((h) => h.memberId), v.task.reviewerMemberId ?? '']),
  ]);
  const branches = await branchNames();
  const canClaimHere = !!me && (ctx.caller.branchId === p.branchId || p.openTo === 'all');
  const taskList: TTask[] = b.tasks.map((v) => {
    const t = v.task;
    const my = mine.get(t._id) ?? null;
    const reviewer = t.reviewerMemberId ?? p.leaderMemberId;
    const d = evaluateClaim({
      projectStatus: t.projectStatus,
      task: t,
      existing: my,
      openClaims: 0, // the cap is the member's, answered at claim time (CLAIM_LIMIT)
      claimLimit: Number.MAX_SAFE_INTEGER,
      now: ctx.now,
    });
    return {
      id: t._id,
      projectId: t.projectId,
      title: t.title,
      duty: t.duty,
      capacity: t.capacity,
      taken: t.taken,
      dueAt: t.dueAt,
      requiresApproval: t.requiresApproval,
      evidenceRequired: t.evidenceRequired,
      reviewerMemberId: reviewer,
      reviewerName: nameOf(names, reviewer),
      state: v.state,
      holders: v.holders.map((h) => ({
        claimId: h._id,
        memberId: h.memberId,
        name: nameOf(names, h.memberId),
        status: h.status,
        claimedAt: h.claimedAt,
        lastProgressAt: h.lastProgressAt,
        rating: h.rating,
      })),
      myClaim: my ? { claimId: my._id, status: my.status } : null,
      claimable: canClaimHere && d.kind === 'claim',
      overdueAt: t.overdueAt,
    };
  });
  return {
    ...summary(b, branches, names, mayManage(ctx.caller, p)),
    createdAt: p.createdAt,
    activatedAt: p.activatedAt,
    closedAt: p.closedAt,
    closeReason: p.closeReason,
    taskList,
  };
}

async function tasksAndProjects(claims: readonly ClaimDoc[]) {
  const projectIds = [...new Set(claims.map((c) => c.projectId))];
  const projects = new Map(
    (await Promise.all(projectIds.map((id) => getProject(id))))
      .filter((p): p is ProjectDoc => !!p)
      .map((p) => [p._id, p]),
  );
  const tasks = new Map((await listTasksOfProjects(projectIds)).map((t) => [t._id, t]));
  return { projects, tasks };
}

const MY_ORDER: Record<string, number> = { active: 0, pending: 1, in_review: 2, done: 3 };

export async function myTasks(_input: unknown, ctx: ActionContext): Promise<TMyTasksOutput> {
  if (!ctx.caller.active || !ctx.caller.member) return [];
  const claims = (await claimsOfMember(ctx.caller.member.id)).filter(
    (c) => isOpen(c.status) || c.status === 'done' || c.updatedAt > ctx.now - 30 * 86_400_000,
  );
  const { projects, tasks } = await tasksAndProjects(claims);
  const branches = await branchNames();
  return claims
    .map((c) =>
      toMyTask(c, tasks.get(c.taskId), projects.get(c.projectId), branches.get(c.branchId) ?? '', ctx.now),
    )
    .sort((a, b) => (MY_ORDER[a.status] ?? 9) - (MY_ORDER[b.status] ?? 9) || a.dueAt - b.dueAt);
}

export async function history(input: THistoryInput, ctx: ActionContext): Promise<THistoryOutput> {
  const c = await claimOf(input);
  if (!c) throw new DomainError('NOT_FOUND', 'claim not found');
  void ctx;
  return historyEntries(await historyOfClaim(c._id));
}

export async function getClaimDetail(input: TGetClaimInput, ctx: ActionContext): Promise<TGetClaimOutput> {
  const c = await claimOf(input);
  if (!c) throw new DomainError('NOT_FOUND', 'claim not found');
  const [t, p, rows] = await Promise.all([getTask(c.taskId), getProject(c.projectId), historyOfClaim(c._id)]);
  const names = await namesOf([c.memberId]);
  const branches = await branchNames();
  const me = ctx.caller.active && ctx.caller.member ? ctx.caller.member.id : null;
  const closed = t?.projectStatus === 'closed';
  return {
    claim: {
      ...toMyTask(c, t ?? undefined, p ?? undefined, branches.get(c.branchId) ?? '', ctx.now),
      memberId: c.memberId,
      memberName: nameOf(names, c.memberId),
      round: c.round,
    },
    history: await historyEntries(rows),
    mine: me === c.memberId,
    canReviewClaim: !closed && c.status === 'pending' && !!t && mayManage(ctx.caller, t),
    canReviewResult:
      !closed && c.status === 'in_review' && !!t && mayReview(ctx.caller, t) && me !== c.memberId,
  };
}

/** Projects whose queue the caller works: managed ones (claims and results), and tasks they review. */
export async function queue(input: TProjectQueueInput, ctx: ActionContext): Promise<TProjectQueueOutput> {
  const c = ctx.caller;
  const me = c.active && c.member ? c.member.id : null;
  let managed: ProjectDoc[];
  if (c.isAdmin) managed = await listAllProjects();
  else {
    const [own, led] = await Promise.all([
      c.roles.includes('secretary') && c.branchId ? listBranchProjects([c.branchId]) : Promise.resolve([]),
      me ? listLedBy(me) : Promise.resolve([]),
    ]);
    managed = [...new Map([...own, ...led].map((p) => [p._id, p])).values()];
  }
  managed = managed.filter((p) => p.status === 'active');
  const reviewed: TaskDoc[] = me
    ? (await tasksReviewedBy(me)).filter((t) => t.projectStatus === 'active')
    : [];
  if (input.projectId) {
    managed = managed.filter((p) => p._id === input.projectId);
  }
  const managedIds = new Set(managed.map((p) => p._id));
  const reviewedTasks = new Set(
    reviewed.filter((t) => !input.projectId || t.projectId === input.projectId).map((t) => t._id),
  );
  const projectIds = [
    ...new Set([...managedIds, ...reviewed.filter((t) => reviewedTasks.has(t._id)).map((t) => t.projectId)]),
  ];
  const claims = await claimsOfProjects(projectIds, ['pending', 'in_review', 'active']);
  const { projects, tasks } = await tasksAndProjects(claims);
  const names = await namesOf(claims.map((x) => x.memberId));
  const decidable = claims.filter((x) => {
    if (x.status === 'pending') return managedIds.has(x.projectId);
    if (x.status === 'in_review') return managedIds.has(x.projectId) || reviewedTasks.has(x.taskId);
    return false;
  });
  const urls = await fileUrls(decidable.flatMap((x) => (x.status === 'in_review' ? x.resultEvidence : [])));
  const items = await Promise.all(
    decidable.map(async (x) => ({
      claimId: x._id,
      kind: x.status === 'pending' ? ('claim' as const) : ('result' as const),
      projectId: x.projectId,
      projectTitle: projects.get(x.projectId)?.title ?? '',
      taskId: x.taskId,
      taskTitle: tasks.get(x.taskId)?.title ?? '',
      memberId: x.memberId,
      memberName: nameOf(names, x.memberId),
      at: x.status === 'pending' ? x.claimedAt : (x.submittedAt ?? x.updatedAt),
      result: x.status === 'in_review' ? x.result : null,
      evidence: x.status === 'in_review' ? await evidenceOf(x.resultEvidence, urls) : [],
      evidenceRequired: tasks.get(x.taskId)?.evidenceRequired ?? false,
      ownClaim: x.memberId === me,
    })),
  );
  items.sort((a, b) => a.at - b.at);
  const unreachable = claims
    .filter(
      (x) =>
        managedIds.has(x.projectId) &&
        x.status === 'active' &&
        x.warnedAt !== null &&
        x.warnChannel === 'unreachable',
    )
    .map((x) => ({
      claimId: x._id,
      memberId: x.memberId,
      memberName: nameOf(names, x.memberId),
      taskTitle: tasks.get(x.taskId)?.title ?? '',
      releaseAt: idleSchedule(x.idleFrom, x.idleLimitMs).releaseAt,
    }));
  return { items, unreachable };
}

/** Per branch, side by side: projects, tasks done/open/overdue, completion, silent claims. */
export async function overview(input: TOverviewInput, ctx: ActionContext): Promise<TOverviewOutput> {
  const c = ctx.caller;
  const all = c.isAdmin ? await listAllProjects() : await listBranchProjects(c.branchId ? [c.branchId] : []);
  const inRange = all.filter(
    (p) =>
      p.status !== 'draft' &&
      (input.from === undefined || p.dueAt >= input.from) &&
      (input.to === undefined || (p.startAt ?? p.createdAt) <= input.to),
  );
  const bs = await boards(inRange, ctx.now);
  const branches = await branchNames();
  const rows = new Map<string, TOverviewOutput[number]>();
  const ids = c.isAdmin ? [...branches.keys()] : c.branchId ? [c.branchId] : [];
  for (const id of ids)
    rows.set(id, {
      branchId: id,
      branchName: branches.get(id) ?? '',
      projects: 0,
      tasks: 0,
      done: 0,
      open: 0,
      overdue: 0,
      silentClaims: 0,
      completionRate: 0,
    });
  for (const b of bs) {
    const r = rows.get(b.project.branchId);
    if (!r) continue;
    r.projects++;
    r.tasks += b.counts.tasks;
    r.done += b.counts.done;
    r.open += b.counts.open;
    r.overdue += b.counts.overdue;
    r.silentClaims += b.silent;
  }
  for (const r of rows.values()) r.completionRate = r.tasks === 0 ? 0 : r.done / r.tasks;
  return [...rows.values()].sort(
    (a, b) => b.projects - a.projects || a.branchName.localeCompare(b.branchName, 'zh'),
  );
}
