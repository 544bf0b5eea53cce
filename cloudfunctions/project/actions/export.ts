import type { TProjectExportInput, TProjectExportOutput } from '../../../types/project';
import {
  CATEGORY_LABELS,
  CLAIM_STATUS_LABELS,
  OPEN_TO_LABELS,
  PROJECT_STATUS_LABELS,
  RATING_LABELS,
  TASK_STATE_LABELS,
} from '../../../types/labels';
import { inShanghai } from '../../core/domain/attendance';
import { answerExport, streamingWorkbook } from '../../core/repos/exports';
import { projectsPage, type ProjectAfter, type ProjectSource } from '../../core/repos/projects';
import { boards } from '../../core/repos/read/projects';
import type { ActionContext } from '../../core/router';
import { actor, branchNames, nameOf, namesOf } from './common';

const fmt = (ms: number | null, f = 'YYYY-MM-DD') => (ms === null ? '' : inShanghai(ms).format(f));

/** Projects read per page of the export (boards read their tasks and claims 100 projects a request). */
export const EXPORT_PAGE = 100;

/**
 * 责任清单: one row per seat holder (a task nobody holds gets one row too), with the project, the
 * duty, the due date, the holder, the state, the result and its rating; a second sheet per project.
 * Secretaries export their branch; admins one branch or all. The projects are read a page at a
 * time, newest first (projectsPage: never the whole collection in one read), and the rows streamed
 * into the workbook as each page is done (exceljs' WorkbookWriter, like attendance.export).
 */
export async function exportProjects(
  input: TProjectExportInput,
  ctx: ActionContext,
): Promise<TProjectExportOutput> {
  const branchId = input.branchId ?? (ctx.caller.isAdmin ? undefined : (ctx.caller.branchId ?? undefined));
  const source: ProjectSource = { ...(branchId ? { branchId } : {}), statuses: ['active', 'closed'] };
  const { wb, bytes: finish } = await streamingWorkbook(ctx.now);

  const list = wb.addWorksheet('责任清单', { views: [{ state: 'frozen', ySplit: 1 }] });
  list.columns = [
    { header: '支部', key: 'branch', width: 22 },
    { header: '项目', key: 'project', width: 24 },
    { header: '任务（岗位）', key: 'task', width: 24 },
    { header: '职责与完成标准', key: 'duty', width: 36 },
    { header: '截止日期', key: 'due', width: 12 },
    { header: '责任人', key: 'holder', width: 10 },
    { header: '认领状态', key: 'status', width: 10 },
    { header: '任务状态', key: 'state', width: 10 },
    { header: '成果', key: 'result', width: 36 },
    { header: '验收评价', key: 'rating', width: 10 },
    { header: '完成日期', key: 'doneAt', width: 12 },
  ];
  // the header's style is set before any row is committed (a committed row cannot change)
  list.getRow(1).font = { bold: true };
  let rows = 0;
  let projects = 0;
  // one small row per project for the second sheet, written once the first is committed
  const summaries: Record<string, string | number>[] = [];
  let after: ProjectAfter | undefined;
  for (;;) {
    const page = await projectsPage(source, after, EXPORT_PAGE);
    if (page.length === 0) break;
    const bs = await boards(page, ctx.now);
    const [branches, names] = await Promise.all([
      branchNames(page.map((p) => p.branchId)),
      namesOf(
        bs.flatMap((b) => [
          b.project.leaderMemberId,
          ...b.tasks.flatMap((v) => v.holders.map((h) => h.memberId)),
        ]),
      ),
    ]);
    for (const b of bs) {
      for (const v of b.tasks) {
        const base = {
          branch: branches.get(b.project.branchId) ?? '',
          project: b.project.title,
          task: v.task.title,
          duty: v.task.duty,
          due: fmt(v.task.dueAt),
          state: TASK_STATE_LABELS[v.state],
        };
        if (v.holders.length === 0) {
          list.addRow({ ...base, holder: '（待认领）', status: '' }).commit();
          rows++;
        }
        for (const h of v.holders) {
          list
            .addRow({
              ...base,
              holder: nameOf(names, h.memberId),
              status: CLAIM_STATUS_LABELS[h.status],
              result: h.result ?? '',
              rating: h.rating ? RATING_LABELS[h.rating] : '',
              doneAt: h.status === 'done' ? fmt(h.reviewedAt) : '',
            })
            .commit();
          rows++;
        }
      }
      summaries.push({
        branch: branches.get(b.project.branchId) ?? '',
        project: b.project.title,
        category: b.project.category ? CATEGORY_LABELS[b.project.category] : '',
        leader: nameOf(names, b.project.leaderMemberId),
        openTo: OPEN_TO_LABELS[b.project.openTo],
        status: PROJECT_STATUS_LABELS[b.project.status],
        due: fmt(b.project.dueAt),
        tasks: b.counts.tasks,
        done: b.counts.done,
        overdue: b.counts.overdue,
        rate: b.counts.completion,
      });
    }
    projects += page.length;
    if (page.length < EXPORT_PAGE) break;
    const last = page[page.length - 1];
    after = { createdAt: last.createdAt, id: last._id };
  }
  list.commit();

  const sum = wb.addWorksheet('项目汇总');
  sum.columns = [
    { header: '支部', key: 'branch', width: 22 },
    { header: '项目', key: 'project', width: 24 },
    { header: '类别', key: 'category', width: 10 },
    { header: '负责人', key: 'leader', width: 10 },
    { header: '认领范围', key: 'openTo', width: 12 },
    { header: '状态', key: 'status', width: 8 },
    { header: '截止日期', key: 'due', width: 12 },
    { header: '任务数', key: 'tasks', width: 8 },
    { header: '已完成', key: 'done', width: 8 },
    { header: '逾期', key: 'overdue', width: 8 },
    { header: '完成率', key: 'rate', width: 10 },
  ];
  sum.getColumn('rate').numFmt = '0.0%';
  sum.getRow(1).font = { bold: true };
  for (const r of summaries) sum.addRow(r).commit();
  sum.commit();
  const bytes = await finish();
  const stamp = fmt(ctx.now, 'YYYYMMDD-HHmmss');
  const scope = branchId ?? 'all';
  const fileName = `责任清单-${stamp}.xlsx`;
  // answered inline to the caller, never stored (README "Release"), recorded with its audit entry
  const file = await answerExport(ctx, {
    fileName,
    bytes,
    fields: ['payload.branchId'],
    scope,
    from: 0,
    to: ctx.now,
    rows,
    actor: actor(ctx.caller),
    audit: { action: 'project.export', branchId, after: { rows, projects } },
  });
  return { ...file, rows };
}
