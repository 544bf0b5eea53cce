import type { TExportInput, TExportOutput } from '../../../types/attendance';
import { actorId } from '../../core/auth/caller';
import {
  ACTIVITY_TYPE_LABELS,
  ATTENDANCE_STATUS_LABELS,
  CHECKIN_METHOD_LABELS,
  labelOf,
} from '../../../types/labels';
import { inShanghai } from '../../core/domain/attendance';
import { answerExport, streamingWorkbook } from '../../core/repos/exports';
import type { ActionContext } from '../../core/router';
import { branchAttendance } from './stats';

const fmt = (ms: number, f = 'YYYY-MM-DD HH:mm') => inShanghai(ms).format(f);

/**
 * `attendance.export`: an .xlsx with one sheet of records (one row per expected member per held
 * activity) and one of per-member totals, from the same computation as `stats` and `roster`,
 * answered inline (base64) to the secretary who asked and never stored: no temporary URL anyone
 * holding it could open, no storage domain the mini-program would have to download from.
 */
export async function exportAttendance(input: TExportInput, ctx: ActionContext): Promise<TExportOutput> {
  const { rosters, stats } = await branchAttendance(input.branchId, input.from, input.to, ctx.now);
  const { wb, bytes: finish } = await streamingWorkbook(ctx.now);

  const records = wb.addWorksheet('出勤记录', { views: [{ state: 'frozen', ySplit: 1 }] });
  records.columns = [
    { header: '日期', key: 'date', width: 18 },
    { header: '活动', key: 'title', width: 28 },
    { header: '类型', key: 'type', width: 14 },
    { header: '姓名', key: 'name', width: 10 },
    { header: '状态', key: 'status', width: 8 },
    { header: '方式', key: 'method', width: 10 },
    { header: '签到时间', key: 'at', width: 18 },
    { header: '说明', key: 'note', width: 30 },
  ];
  // the header's style is set before any row is committed (a committed row cannot change)
  records.getRow(1).font = { bold: true };
  let rows = 0;
  for (const r of rosters) {
    const approved = new Map(r.checkins.filter((x) => x.status === 'approved').map((x) => [x.memberId, x]));
    for (const m of r.summary.expected) {
      const c = approved.get(m.memberId);
      records
        .addRow({
          date: fmt(r.activity.startAt),
          title: r.activity.title,
          type: ACTIVITY_TYPE_LABELS[r.activity.type],
          name: m.name,
          status: ATTENDANCE_STATUS_LABELS[m.status],
          method: m.method ? labelOf(CHECKIN_METHOD_LABELS, m.method, m.method) : '',
          at: c ? fmt(c.at) : '',
          note: m.status === 'leave' ? (m.reason ?? '') : c?.forced ? `补录：${c.reviewReason ?? ''}` : '',
        })
        .commit();
      rows++;
    }
  }
  records.commit();

  const totals = wb.addWorksheet('个人汇总');
  totals.columns = [
    { header: '姓名', key: 'name', width: 10 },
    { header: '应到', key: 'expected', width: 8 },
    { header: '实到', key: 'present', width: 8 },
    { header: '请假', key: 'excused', width: 8 },
    { header: '缺席', key: 'absent', width: 8 },
    { header: '待审核', key: 'pending', width: 8 },
    { header: '出勤率', key: 'rate', width: 10 },
  ];
  totals.getColumn('rate').numFmt = '0.0%';
  totals.getRow(1).font = { bold: true };
  for (const m of stats.members) {
    totals
      .addRow({
        name: m.name,
        expected: m.expected,
        present: m.present,
        excused: m.excused,
        absent: m.absent,
        pending: m.pending ?? 0,
        rate: m.rate,
      })
      .commit();
  }
  totals.commit();
  const bytes = await finish();
  const stamp = fmt(ctx.now, 'YYYYMMDD-HHmmss');
  const fileName = `出勤统计-${stamp}.xlsx`;
  // answered inline to the caller, never stored (README "Release"), recorded with its audit entry
  return answerExport(ctx, {
    fileName,
    bytes,
    fields: ['payload.from', 'payload.to'],
    scope: input.branchId,
    from: input.from,
    to: input.to,
    rows,
    actor: actorId(ctx.caller),
    audit: {
      action: 'attendance.export',
      branchId: input.branchId,
      after: { from: input.from, to: input.to, rows, members: stats.members.length },
    },
  });
}
