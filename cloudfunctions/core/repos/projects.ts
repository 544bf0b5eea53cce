import type { OpenTo, ProjectCategory, ProjectStatus } from '../../../types/project';
import { collection, db, type Transaction } from './db';

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

function one<T>(data: unknown): T | null {
  const d = Array.isArray(data) ? data[0] : data;
  return (d as T | undefined) ?? null;
}

export async function getProject(id: string, tx?: Transaction): Promise<ProjectDoc | null> {
  const res = tx ? await tx.collection('projects').doc(id).get() : await collection('projects').doc(id).get();
  return one<ProjectDoc>(res.data);
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

const MAX = 500;

/** A branch's projects, newest first (served by `branch_createdAt`). */
export async function listBranchProjects(branchIds: readonly string[]): Promise<ProjectDoc[]> {
  if (branchIds.length === 0) return [];
  const cmd = db().command;
  const res = await collection('projects')
    .where({ branchId: branchIds.length === 1 ? branchIds[0] : cmd.in([...branchIds]) })
    .orderBy('createdAt', 'desc')
    .limit(MAX)
    .get();
  return res.data as ProjectDoc[];
}

/** Projects open to every member in the given statuses (served by `openTo_status_createdAt`). */
export async function listOpenToAll(statuses: readonly ProjectStatus[]): Promise<ProjectDoc[]> {
  const cmd = db().command;
  const res = await collection('projects')
    .where({ openTo: 'all', status: cmd.in([...statuses]) })
    .orderBy('createdAt', 'desc')
    .limit(MAX)
    .get();
  return res.data as ProjectDoc[];
}

/** Projects a member leads (served by `leader_createdAt`). */
export async function listLedBy(memberId: string): Promise<ProjectDoc[]> {
  const res = await collection('projects')
    .where({ leaderMemberId: memberId })
    .orderBy('createdAt', 'desc')
    .limit(MAX)
    .get();
  return res.data as ProjectDoc[];
}

/** Every project (admin views; served by `status_createdAt`). */
export async function listAllProjects(): Promise<ProjectDoc[]> {
  const cmd = db().command;
  const out: ProjectDoc[] = [];
  for (let skip = 0; ; skip += 1000) {
    const res = await collection('projects')
      .where({ status: cmd.in(['draft', 'active', 'closed']) })
      .orderBy('createdAt', 'desc')
      .skip(skip)
      .limit(1000)
      .get();
    out.push(...(res.data as ProjectDoc[]));
    if (res.data.length < 1000) return out;
  }
}
