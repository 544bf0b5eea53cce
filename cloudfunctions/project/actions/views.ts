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
  TProjectQueueItem,
  TProjectQueueOutput,
  TProjectSummary,
  TTask,
} from '../../../types/project';
import type { ProjectStatus } from '../../../types/project';
import {
  PROJECT_LIST_PAGE,
  PROJECT_OVERVIEW_PAGE,
  PROJECT_QUEUE_PAGE,
  PROJECT_UNREACHABLE_SHOWN,
} from '../../../types/project';
import type { Caller } from '../../core/auth/caller';
import { isStaffOf } from '../../core/auth/staff';
import { evaluateClaim, idleSchedule, isOpen } from '../../core/domain/project';
import { keyCursor, parseKeyCursor } from '../../core/domain/cursor';
import { DomainError } from '../../core/errors';
import type { ActionContext } from '../../core/router';
import {
  claimsOfMember,
  claimsOfProjects,
  countClaims,
  unreachableClaims,
  waitingClaimsPage,
  type ClaimDoc,
  type QueueAfter,
} from '../../core/repos/project-claims';
import { historyOfClaim } from '../../core/repos/project-history';
import { tempUrls } from '../../core/repos/files';
import { getTask, tasksByIds, tasksReviewedBy, type TaskDoc } from '../../core/repos/project-tasks';
import {
  getProject,
  listBranchProjects,
  listLedBy,
  projectsByIds,
  projectsPage,
  type ProjectAfter,
  type ProjectSource,
  type ProjectDoc,
} from '../../core/repos/projects';
import { getBranch, pageBranches } from '../../core/repos/branches';
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

const ALL_STATUSES: readonly ProjectStatus[] = ['draft', 'active', 'closed'];
const PUBLIC_STATUSES: readonly ProjectStatus[] = ['active', 'closed'];

/**
 * Where the projects the caller may see come from, each an indexed source: an admin's every project
 * (or one branch's); a member's own branch (drafts only for its secretary), every non-draft `all`
 * project, and the ones they lead. Never more sources than that, whatever the university's size.
 */
function listSources(
  c: Caller,
  branchId: string | undefined,
  status: ProjectStatus | undefined,
): ProjectSource[] {
  const only = (ss: readonly ProjectStatus[]) => (status ? ss.filter((s) => s === status) : ss);
  const inBranch = branchId ? { branchId } : {};
  const out: ProjectSource[] = [];
  if (c.isAdmin) out.push({ ...inBranch, statuses: only(ALL_STATUSES) });
  else if (c.active && c.member) {
    if (c.branchId && (!branchId || branchId === c.branchId))
      out.push({
        branchId: c.branchId,
        statuses: only(isStaffOf(c, c.branchId) ? ALL_STATUSES : PUBLIC_STATUSES),
      });
    out.push({ openTo: 'all', ...inBranch, statuses: only(PUBLIC_STATUSES) });
    out.push({ leaderMemberId: c.member.id, ...inBranch, statuses: only(ALL_STATUSES) });
  }
  return out.filter((src) => src.statuses.length > 0);
}

const byNewest = (a: ProjectDoc, b: ProjectDoc) =>
  b.createdAt - a.createdAt || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

function parseListCursor(cursor: string): ProjectAfter {
  const { at, id } = parseKeyCursor(cursor, 'list');
  return { createdAt: at, id };
}

/**
 * The projects the caller may see, the newest first, a page at a time: each source reads one more
 * than a page after the cursor, so the merged first `limit` are exact and say whether more follow.
 */
export async function listProjects(
  input: TListProjectsInput,
  ctx: ActionContext,
): Promise<TListProjectsOutput> {
  const limit = input.limit ?? PROJECT_LIST_PAGE;
  const after = input.cursor ? parseListCursor(input.cursor) : undefined;
  const sources = listSources(ctx.caller, input.branchId, input.status);
  const read = await Promise.all(sources.map((src) => projectsPage(src, after, limit + 1)));
  const merged = [...new Map(read.flat().map((p) => [p._id, p])).values()].sort(byNewest);
  const page = merged.slice(0, limit);
  const last = page[page.length - 1];
  const shown = page.filter((p) => maySee(ctx.caller, p));
  const [bs, branches, names] = await Promise.all([
    boards(shown, ctx.now),
    branchNames(shown.map((p) => p.branchId)),
    namesOf(shown.map((p) => p.leaderMemberId)),
  ]);
  return {
    items: bs.map((b) => summary(b, branches, names, mayManage(ctx.caller, b.project))),
    nextCursor: merged.length > limit && last ? keyCursor(last.createdAt, last._id) : null,
  };
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
  const branches = await branchNames([p.branchId]);
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
  const [ps, ts] = await Promise.all([
    projectsByIds(claims.map((c) => c.projectId)),
    tasksByIds(claims.map((c) => c.taskId)),
  ]);
  return { projects: new Map(ps.map((p) => [p._id, p])), tasks: new Map(ts.map((t) => [t._id, t])) };
}

const MY_ORDER: Record<string, number> = { active: 0, pending: 1, in_review: 2, done: 3 };

export async function myTasks(_input: unknown, ctx: ActionContext): Promise<TMyTasksOutput> {
  if (!ctx.caller.active || !ctx.caller.member) return [];
  const claims = (await claimsOfMember(ctx.caller.member.id)).filter(
    (c) => isOpen(c.status) || c.status === 'done' || c.updatedAt > ctx.now - 30 * 86_400_000,
  );
  const [{ projects, tasks }, branches] = await Promise.all([
    tasksAndProjects(claims),
    branchNames(claims.map((c) => c.branchId)),
  ]);
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
  const [names, branches] = await Promise.all([namesOf([c.memberId]), branchNames([c.branchId])]);
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

type QueueItem = TProjectQueueItem;
type Unreachable = TProjectQueueOutput['unreachable'][number];

/** When a waiting claim started waiting: claimed (pending), submitted (in review). */
const waitingSince = (x: ClaimDoc): number =>
  x.status === 'pending' ? x.claimedAt : (x.submittedAt ?? x.updatedAt);

/** The queue's total order: the longest waiting first, then by id. */
const byWait = (a: ClaimDoc, b: ClaimDoc): number =>
  waitingSince(a) - waitingSince(b) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

const afterCursor = (x: ClaimDoc, after: QueueAfter | undefined): boolean =>
  !after || waitingSince(x) > after.at || (waitingSince(x) === after.at && x._id > after.id);

/** The cursor after `page`'s last item when `more` follow it (parseQueueCursor reads it back). */
const nextQueueCursor = (page: readonly ClaimDoc[], more: boolean): string | null => {
  const last = page[page.length - 1];
  return more && last ? keyCursor(waitingSince(last), last._id) : null;
};

const parseQueueCursor = (c: string): QueueAfter => parseKeyCursor(c, 'queue');

/**
 * The queue's page: items (with task and project titles, names and photo links) and the members to
 * call. Reads the tasks and projects of exactly these claims by id (one request each per 100 ids).
 */
async function queuePage(
  page: readonly ClaimDoc[],
  unreachable: readonly ClaimDoc[],
  me: string | null,
): Promise<{ items: QueueItem[]; unreachable: Unreachable[] }> {
  const all = [...page, ...unreachable];
  const [tasks, projects, names, urls] = await Promise.all([
    tasksByIds(all.map((x) => x.taskId)).then((ts) => new Map(ts.map((t) => [t._id, t]))),
    projectsByIds(page.map((x) => x.projectId)).then((ps) => new Map(ps.map((p) => [p._id, p]))),
    namesOf(all.map((x) => x.memberId)),
    tempUrls(page.flatMap((x) => (x.status === 'in_review' ? x.resultEvidence : []))),
  ]);
  // a project being closed: its tasks are closed before its claims end (actions/projects.ts close)
  const live = (x: ClaimDoc) => tasks.get(x.taskId)?.projectStatus === 'active';
  const items = await Promise.all(
    page.filter(live).map(async (x) => ({
      claimId: x._id,
      kind: x.status === 'pending' ? ('claim' as const) : ('result' as const),
      projectId: x.projectId,
      projectTitle: projects.get(x.projectId)?.title ?? '',
      taskId: x.taskId,
      taskTitle: tasks.get(x.taskId)?.title ?? '',
      memberId: x.memberId,
      memberName: nameOf(names, x.memberId),
      at: waitingSince(x),
      result: x.status === 'in_review' ? x.result : null,
      evidence: x.status === 'in_review' ? await evidenceOf(x.resultEvidence, urls) : [],
      evidenceRequired: tasks.get(x.taskId)?.evidenceRequired ?? false,
      ownClaim: x.memberId === me,
    })),
  );
  return {
    items,
    unreachable: unreachable.filter(live).map((x) => ({
      claimId: x._id,
      memberId: x.memberId,
      memberName: nameOf(names, x.memberId),
      taskTitle: tasks.get(x.taskId)?.title ?? '',
      releaseAt: idleSchedule(x.idleFrom, x.idleLimitMs).releaseAt,
    })),
  };
}

/**
 * The queue (docs/projects.md "The queue"): claims waiting for approval and results waiting for
 * acceptance, the longest waiting first, one page at a time (`cursor` / `nextCursor`), and the members
 * whose idle warning reached nobody.
 *
 * - An admin (without `projectId`): the whole university's, or one branch's (`branchId`), read
 *   through the indexes on the waiting claims — one page of each kind after the cursor, two counts,
 *   the members to call and their count, then the page's tasks, projects and names by id: the same
 *   ~10 database requests whether the university has 10 projects or 10,000.
 * - Everyone else: the projects they manage (their branch's as secretary, those they lead) and the
 *   tasks they review — bounded by their own branch and projects, read whole and paged here.
 */
export async function queue(input: TProjectQueueInput, ctx: ActionContext): Promise<TProjectQueueOutput> {
  const c = ctx.caller;
  const me = c.active && c.member ? c.member.id : null;
  const limit = input.limit ?? PROJECT_QUEUE_PAGE;
  const after = input.cursor ? parseQueueCursor(input.cursor) : undefined;
  if (c.isAdmin && !input.projectId) return universityQueue(input.branchId, after, limit, me);

  let managed: ProjectDoc[];
  if (c.isAdmin) {
    const p = input.projectId ? await getProject(input.projectId) : null;
    managed = p ? [p] : [];
  } else {
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
  const inBranch = (x: ClaimDoc) => !input.branchId || x.branchId === input.branchId;
  const claims = (await claimsOfProjects(projectIds, ['pending', 'in_review', 'active'])).filter(inBranch);
  const decidable = claims
    .filter((x) => {
      if (x.status === 'pending') return managedIds.has(x.projectId);
      if (x.status === 'in_review') return managedIds.has(x.projectId) || reviewedTasks.has(x.taskId);
      return false;
    })
    .sort(byWait);
  const unreachable = claims
    .filter(
      (x) =>
        managedIds.has(x.projectId) &&
        x.status === 'active' &&
        x.warnedAt !== null &&
        x.warnChannel === 'unreachable',
    )
    .sort((a, b) => (a.idleCheckAt ?? 0) - (b.idleCheckAt ?? 0) || (a._id < b._id ? -1 : 1));
  const rest = decidable.filter((x) => afterCursor(x, after));
  const page = rest.slice(0, limit);
  const out = await queuePage(page, unreachable.slice(0, PROJECT_UNREACHABLE_SHOWN), me);
  return {
    ...out,
    nextCursor: nextQueueCursor(page, rest.length > limit),
    totals: {
      claims: decidable.filter((x) => x.status === 'pending').length,
      results: decidable.filter((x) => x.status === 'in_review').length,
      unreachable: unreachable.length,
    },
  };
}

/** An admin's queue across the university (or one branch): indexed pages, never project by project. */
async function universityQueue(
  branchId: string | undefined,
  after: QueueAfter | undefined,
  limit: number,
  me: string | null,
): Promise<TProjectQueueOutput> {
  // one more than a page of each kind: the merged first `limit` are exact, and whether more follow
  const [pending, inReview, claims, results, calls] = await Promise.all([
    waitingClaimsPage('pending', { branchId, after, limit: limit + 1 }),
    waitingClaimsPage('in_review', { branchId, after, limit: limit + 1 }),
    countClaims('pending', branchId),
    countClaims('in_review', branchId),
    unreachableClaims(PROJECT_UNREACHABLE_SHOWN, branchId),
  ]);
  const merged = [...pending, ...inReview].sort(byWait);
  const page = merged.slice(0, limit);
  const out = await queuePage(page, calls.rows, me);
  return {
    ...out,
    nextCursor: nextQueueCursor(page, merged.length > limit),
    totals: { claims, results, unreachable: calls.total },
  };
}

/**
 * Per branch, side by side: projects, tasks done/open/overdue, completion, silent claims. An admin's
 * page of branches by name (cursor: the last one's name; each page reads its branches' projects and
 * their boards only); a secretary's own branch.
 */
export async function overview(input: TOverviewInput, ctx: ActionContext): Promise<TOverviewOutput> {
  const c = ctx.caller;
  let branches: { id: string; name: string }[];
  let nextCursor: string | null = null;
  if (c.isAdmin) {
    const page = await pageBranches({ after: input.cursor, limit: input.limit ?? PROJECT_OVERVIEW_PAGE });
    branches = page.items;
    nextCursor = page.next;
  } else {
    const own = c.branchId ? await getBranch(c.branchId) : null;
    branches = own ? [own] : [];
  }
  // a period reads its branches' projects due in it or later, not the years before it
  const all = await listBranchProjects(
    branches.map((b) => b.id),
    input.from,
  );
  const inRange = all.filter(
    (p) => p.status !== 'draft' && (input.to === undefined || (p.startAt ?? p.createdAt) <= input.to),
  );
  const bs = await boards(inRange, ctx.now);
  const rows = new Map<string, TOverviewOutput['rows'][number]>();
  for (const b of branches)
    rows.set(b.id, {
      branchId: b.id,
      branchName: b.name,
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
  return { rows: [...rows.values()], nextCursor };
}
