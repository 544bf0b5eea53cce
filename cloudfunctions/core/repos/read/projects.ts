import type { TaskState } from '../../../../types/project';
import { isOpen, isSilent, projectCounts, taskState } from '../../domain/project';
import { claimsOfProjects, type ClaimDoc } from '../project-claims';
import { listTasksOfProjects, type TaskDoc } from '../project-tasks';
import type { ProjectDoc } from '../projects';

/**
 * Read model of project boards: projects with their tasks and seat-holding claims, each task's
 * board state (domain/project taskState) and the project's counts. One query per collection for
 * any number of projects.
 */
export interface TaskView {
  task: TaskDoc;
  state: TaskState;
  /** claims holding a seat (pending, active, in_review, done) */
  holders: ClaimDoc[];
}

export interface ProjectBoard {
  project: ProjectDoc;
  tasks: TaskView[];
  counts: ReturnType<typeof projectCounts>;
  /** active claims past their warning instant */
  silent: number;
}

export async function boards(projects: readonly ProjectDoc[], now: number): Promise<ProjectBoard[]> {
  const ids = projects.map((p) => p._id);
  const [tasks, claims] = await Promise.all([
    listTasksOfProjects(ids),
    claimsOfProjects(ids, ['pending', 'active', 'in_review', 'done']),
  ]);
  const claimsByTask = new Map<string, ClaimDoc[]>();
  for (const c of claims) {
    const l = claimsByTask.get(c.taskId);
    if (l) l.push(c);
    else claimsByTask.set(c.taskId, [c]);
  }
  const tasksByProject = new Map<string, TaskDoc[]>();
  for (const t of tasks.sort((a, b) => a.createdAt - b.createdAt)) {
    const l = tasksByProject.get(t.projectId);
    if (l) l.push(t);
    else tasksByProject.set(t.projectId, [t]);
  }
  return projects.map((project) => {
    const views = (tasksByProject.get(project._id) ?? []).map((task) => {
      const holders = (claimsByTask.get(task._id) ?? []).sort((a, b) => a.claimedAt - b.claimedAt);
      return { task, holders, state: taskState(task, holders, now) };
    });
    const silent = views.flatMap((v) => v.holders).filter((c) => isOpen(c.status) && isSilent(c, now)).length;
    return { project, tasks: views, counts: projectCounts(views.map((v) => v.state)), silent };
  });
}
