import type { OpenTo, ProjectStatus } from '../../../types/project';
import { collection, firstDoc, db, readAll, readIn, type Transaction } from './db';

/**
 * Tasks / posts (`project_tasks`). `taken` counts the seat-holding claims (pending, active,
 * in_review, done); it changes only inside the transaction that changes a claim's status, so two
 * claims racing for the last seat meet on this document and one of them is refused. The project's
 * `status`, `openTo`, `branchId` and `leaderMemberId` are copied here (`projectStatus` …) so the
 * claim transaction reads one document; activate/close update the copies before the project.
 */
export interface TaskDoc {
  _id: string;
  projectId: string;
  branchId: string;
  projectStatus: ProjectStatus;
  openTo: OpenTo;
  leaderMemberId: string;
  title: string;
  duty: string;
  capacity: number;
  taken: number;
  dueAt: number;
  requiresApproval: boolean;
  evidenceRequired: boolean;
  /** null: the project leader reviews */
  reviewerMemberId: string | null;
  /** when the timer must mark it overdue (its due instant + 1 ms), null once marked or done */
  overdueCheckAt: number | null;
  overdueAt: number | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export async function getTask(id: string, tx?: Transaction): Promise<TaskDoc | null> {
  const res = tx
    ? await tx.collection('project_tasks').doc(id).get()
    : await collection('project_tasks').doc(id).get();
  return firstDoc<TaskDoc>(res.data);
}

export async function insertTask(doc: TaskDoc, tx?: Transaction): Promise<void> {
  if (tx) await tx.collection('project_tasks').add(doc);
  else await collection('project_tasks').add(doc);
}

export async function updateTaskTx(
  tx: Transaction,
  id: string,
  patch: Partial<Omit<TaskDoc, '_id'>>,
): Promise<void> {
  await tx.collection('project_tasks').doc(id).update(patch);
}

/** A project's tasks in the order they were added (served by `project_createdAt`). */
export async function listProjectTasks(projectId: string): Promise<TaskDoc[]> {
  return readAll<TaskDoc>('project_tasks', { projectId }, [['createdAt', 'asc']]);
}

/** Tasks of many projects (served by `project_createdAt`). */
export async function listTasksOfProjects(projectIds: readonly string[]): Promise<TaskDoc[]> {
  return readIn<TaskDoc>('project_tasks', 'projectId', projectIds);
}

/** Copies the project's status onto its tasks (one multi-document update; idempotent). */
export async function setTasksProjectStatus(
  projectId: string,
  status: ProjectStatus,
  now: number,
): Promise<void> {
  await collection('project_tasks').where({ projectId }).update({ projectStatus: status, updatedAt: now });
}

/** Tasks whose due instant has passed and that are not marked yet (served by `overdueCheckAt`), soonest first. */
export async function tasksToMarkOverdue(now: number, limit: number): Promise<TaskDoc[]> {
  const cmd = db().command;
  const res = await collection('project_tasks')
    .where({ overdueCheckAt: cmd.lte(now) })
    .orderBy('overdueCheckAt', 'asc')
    .limit(limit)
    .get();
  return res.data as TaskDoc[];
}

/** Tasks a member reviews by name (served by `reviewer_createdAt`). */
export async function tasksReviewedBy(memberId: string): Promise<TaskDoc[]> {
  return readAll<TaskDoc>('project_tasks', { reviewerMemberId: memberId });
}

/** Tasks by id (primary-key reads, 100 ids a request). */
export async function tasksByIds(ids: readonly string[]): Promise<TaskDoc[]> {
  return readIn<TaskDoc>('project_tasks', '_id', ids);
}
