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

/** Projects of these branches (served by `branch_createdAt`), newest first. */
export async function listBranchProjects(branchIds: readonly string[]): Promise<ProjectDoc[]> {
  const out = await readIn<ProjectDoc>('projects', 'branchId', branchIds);
  return out.sort((a, b) => b.createdAt - a.createdAt);
}

/** Projects open to every member in the given statuses (served by `openTo_status_createdAt`). */
export async function listOpenToAll(statuses: readonly ProjectStatus[]): Promise<ProjectDoc[]> {
  return readAll<ProjectDoc>('projects', { openTo: 'all', status: db().command.in([...statuses]) }, [
    ['createdAt', 'desc'],
  ]);
}

/** Projects a member leads (served by `leader_createdAt`). */
export async function listLedBy(memberId: string): Promise<ProjectDoc[]> {
  return readAll<ProjectDoc>('projects', { leaderMemberId: memberId }, [['createdAt', 'desc']]);
}

/** Every project (admin views; served by `status_createdAt`). */
export async function listAllProjects(): Promise<ProjectDoc[]> {
  return readAll<ProjectDoc>('projects', { status: db().command.in(['draft', 'active', 'closed']) }, [
    ['createdAt', 'desc'],
  ]);
}

/** Projects by id (primary-key reads, 100 ids a request). */
export async function projectsByIds(ids: readonly string[]): Promise<ProjectDoc[]> {
  return readIn<ProjectDoc>('projects', '_id', ids);
}
