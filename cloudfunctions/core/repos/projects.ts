import type { OpenTo, ProjectCategory, ProjectStatus } from '../../../types/project';
import { collection, firstDoc, db, readAll, readIn, type Transaction } from './db';

/** Action projects (`projects`). Tasks carry a copy of `status`/`openTo`/`leaderMemberId` (project-tasks.ts). */
export interface ProjectDoc {
  _id: string;
  branchId: string;
  title: string;
  goal: string;
  category: ProjectCategory | null;
  startAt: number | null;
  dueAt: number;
  leaderMemberId: string;
  openTo: OpenTo;
  status: ProjectStatus;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  activatedAt: number | null;
  closedAt: number | null;
  closeReason: string | null;
}

export async function getProject(id: string, tx?: Transaction): Promise<ProjectDoc | null> {
  const res = tx ? await tx.collection('projects').doc(id).get() : await collection('projects').doc(id).get();
  return firstDoc<ProjectDoc>(res.data);
}

export async function insertProject(doc: ProjectDoc, tx?: Transaction): Promise<void> {
  if (tx) await tx.collection('projects').add(doc);
  else await collection('projects').add(doc);
}

export async function updateProjectTx(
  tx: Transaction,
  id: string,
  patch: Partial<Omit<ProjectDoc, '_id'>>,
): Promise<void> {
  await tx.collection('projects').doc(id).update(patch);
}

/**
 * Projects of these branches, newest first: all of them (served by `branch_createdAt`), or with
 * `dueFrom` only those due at or after it (served by `branch_dueAt`), so a period's read does not
 * grow with the years of projects before it.
 */
export async function listBranchProjects(
  branchIds: readonly string[],
  dueFrom?: number,
): Promise<ProjectDoc[]> {
  const extra = dueFrom === undefined ? {} : { dueAt: db().command.gte(dueFrom) };
  const out = await readIn<ProjectDoc>('projects', 'branchId', branchIds, extra);
  return out.sort((a, b) => b.createdAt - a.createdAt);
}

/** A list position: after the project created at `createdAt` with id `id` (newest first, then id). */
export interface ProjectAfter {
  createdAt: number;
  id: string;
}

/** Which projects a list source reads: equalities of an index ending in `createdAt`, and statuses. */
export interface ProjectSource {
  branchId?: string;
  openTo?: OpenTo;
  leaderMemberId?: string;
  statuses: readonly ProjectStatus[];
}

/**
 * One page of a source's projects, the newest first in the total order (createdAt desc, _id asc),
 * after `after`: reads `limit` documents at most (served by branch_createdAt, openTo_status_createdAt,
 * leader_createdAt or status_createdAt — each branch of the `$or` keeps the equalities).
 */
export async function projectsPage(
  src: ProjectSource,
  after: ProjectAfter | undefined,
  limit: number,
): Promise<ProjectDoc[]> {
  const cmd = db().command;
  const base: Record<string, unknown> = { status: cmd.in([...src.statuses]) };
  if (src.branchId !== undefined) base.branchId = src.branchId;
  if (src.openTo !== undefined) base.openTo = src.openTo;
  if (src.leaderMemberId !== undefined) base.leaderMemberId = src.leaderMemberId;
  const where = after
    ? cmd.or([
        { ...base, createdAt: cmd.lt(after.createdAt) },
        { ...base, createdAt: after.createdAt, _id: cmd.gt(after.id) },
      ])
    : base;
  const res = await collection('projects')
    .where(where)
    .orderBy('createdAt', 'desc')
    .orderBy('_id', 'asc')
    .limit(limit)
    .get();
  return res.data as ProjectDoc[];
}

/** Projects a member leads (served by `leader_createdAt`). */
export async function listLedBy(memberId: string): Promise<ProjectDoc[]> {
  return readAll<ProjectDoc>('projects', { leaderMemberId: memberId }, [['createdAt', 'desc']]);
}

/** Projects by id (primary-key reads, 100 ids a request). */
export async function projectsByIds(ids: readonly string[]): Promise<ProjectDoc[]> {
  return readIn<ProjectDoc>('projects', '_id', ids);
}
