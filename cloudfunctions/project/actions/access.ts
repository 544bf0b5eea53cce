import type { Caller } from '../../core/auth/caller';
import type { Policy } from '../../core/auth/policy';
import { isStaffOf } from '../../core/auth/staff';
import { getClaim, type ClaimDoc } from '../../core/repos/project-claims';
import { getProject, type ProjectDoc } from '../../core/repos/projects';
import { getTask, type TaskDoc } from '../../core/repos/project-tasks';

/**
 * Who may do what in the project function (docs/projects.md "Who may do what"), as policies for the
 * one `authorise()`. The documents a policy reads are kept for the handler of the same invocation
 * (keyed by the parsed payload object, which the router hands to both), so authorisation costs no
 * second read.
 *
 * - project leader rights ("manage"): the project's leader, a secretary of its branch, an admin;
 * - reviewer rights: the task's reviewer, or anyone with manage rights;
 * - claimer rights: only the member who holds the claim (no admin bypass: `{ self }`);
 * - seeing a project: members of its branch (not its drafts), every member for a non-draft project
 *   open to `all`, its leader, the branch's secretary, admins.
 */
const memo = new WeakMap<object, Map<string, Promise<unknown>>>();

function once<T>(payload: object, key: string, load: () => Promise<T>): Promise<T> {
  let m = memo.get(payload);
  if (!m) memo.set(payload, (m = new Map()));
  let p = m.get(key) as Promise<T> | undefined;
  if (!p) m.set(key, (p = load()));
  return p;
}

export const projectOf = (p: { projectId: string }): Promise<ProjectDoc | null> =>
  once(p, `project:${p.projectId}`, () => getProject(p.projectId));
export const taskOf = (p: { taskId: string }): Promise<TaskDoc | null> =>
  once(p, `task:${p.taskId}`, () => getTask(p.taskId));
export const claimOf = (p: { claimId: string }): Promise<ClaimDoc | null> =>
  once(p, `claim:${p.claimId}`, () => getClaim(p.claimId));
/** The task of the claim the payload names. */
export const claimTaskOf = (p: { claimId: string }): Promise<TaskDoc | null> =>
  once(p, `claimTask:${p.claimId}`, async () => {
    const c = await claimOf(p);
    return c ? getTask(c.taskId) : null;
  });

const memberId = (c: Caller): string | null => (c.active && c.member ? c.member.id : null);

/** Leader rights on a project (or on a task, which carries the project's branch and leader). */
export function mayManage(caller: Caller, p: { branchId: string; leaderMemberId: string }): boolean {
  if (isStaffOf(caller, p.branchId)) return true;
  const me = memberId(caller);
  return me !== null && me === p.leaderMemberId;
}

/** Reviewer rights on a task's results. */
export function mayReview(caller: Caller, t: TaskDoc): boolean {
  const me = memberId(caller);
  return mayManage(caller, t) || (me !== null && me === (t.reviewerMemberId ?? t.leaderMemberId));
}

/** May the caller see the project (its board, its claims' history)? */
export function maySee(
  caller: Caller,
  p: { branchId: string; leaderMemberId: string; openTo: string; status: string },
): boolean {
  if (mayManage(caller, p)) return true;
  if (!caller.active) return false;
  if (p.status === 'draft') return false;
  return p.openTo === 'all' || caller.branchId === p.branchId;
}

const STAFF = ['secretary', 'admin'] as const;

/** Leader rights on the project named by `projectId`. */
export const manageProject: Policy<{ projectId: string }> = {
  roles: STAFF,
  branchFrom: async (p) => (await projectOf(p))?.branchId ?? null,
  alsoAllow: async ({ caller, payload }) => {
    const pr = await projectOf(payload);
    return !!pr && mayManage(caller, pr);
  },
};

/** Leader rights on the project of the task named by `taskId`. */
export const manageTask: Policy<{ taskId: string }> = {
  roles: STAFF,
  branchFrom: async (p) => (await taskOf(p))?.branchId ?? null,
  alsoAllow: async ({ caller, payload }) => {
    const t = await taskOf(payload);
    return !!t && mayManage(caller, t);
  },
};

/** Leader rights on the project of the claim named by `claimId` (approving claims). */
export const manageClaim: Policy<{ claimId: string }> = {
  roles: STAFF,
  branchFrom: async (p) => (await claimOf(p))?.branchId ?? null,
  alsoAllow: async ({ caller, payload }) => {
    const t = await claimTaskOf(payload);
    return !!t && mayManage(caller, t);
  },
};

/** Reviewer rights on the claim's task (accepting or returning results). */
export const reviewClaimResult: Policy<{ claimId: string }> = {
  roles: STAFF,
  branchFrom: async (p) => (await claimOf(p))?.branchId ?? null,
  alsoAllow: async ({ caller, payload }) => {
    const t = await claimTaskOf(payload);
    return !!t && mayReview(caller, t);
  },
};

/** The member who holds the claim, and nobody else. */
export const claimer: Policy<{ claimId: string }> = {
  self: async (p, caller) => {
    const c = await claimOf(p);
    return !!c && c.memberId === memberId(caller);
  },
};

/**
 * Taking a seat: an active member of the project's branch, or any active member when the project
 * is open to `all` (and is not a draft, which only its own branch may even see). No admin bypass: an
 * admin claims as the member they are.
 */
export const mayClaim: Policy<{ taskId: string }> = {
  self: async (p, caller) => {
    const t = await taskOf(p);
    if (!t) return false;
    if (caller.branchId === t.branchId) return true;
    return t.openTo === 'all' && t.projectStatus !== 'draft';
  },
};

/** Seeing the project named by `projectId`. */
export const seeProject: Policy<{ projectId: string }> = {
  member: true,
  branchFrom: async (p, caller) => {
    const pr = await projectOf(p);
    if (!pr) return null;
    return maySee(caller, pr) ? (caller.branchId ?? pr.branchId) : '';
  },
};

/** Seeing a claim: the claimer, or whoever may see its project. */
export const seeClaim: Policy<{ claimId: string }> = {
  member: true,
  branchFrom: async (p, caller) => {
    const c = await claimOf(p);
    if (!c) return null;
    if (c.memberId === memberId(caller)) return caller.branchId;
    const pr = await once(p, `project:${c.projectId}`, () => getProject(c.projectId));
    if (!pr) return null;
    return maySee(caller, pr) ? (caller.branchId ?? pr.branchId) : '';
  },
};

/** Any active member, or an admin without a roster row (lists scoped by the handler). */
export const activeMemberOrAdmin: Policy<object> = {
  member: true,
  branchFrom: (_p, caller) => caller.branchId,
};

export const staffOf = (branch: (p: never, caller: Caller) => string | null | undefined) =>
  ({ roles: STAFF, branchFrom: branch }) as const;
