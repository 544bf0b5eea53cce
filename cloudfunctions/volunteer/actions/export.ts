import type { TVolunteerExportInput, TVolunteerExportOutput } from '../../../types/volunteer';
import { actorId } from '../../core/auth/caller';
import { inShanghai } from '../../core/domain/attendance';
import { fromCh } from '../../core/domain/volunteer';
import { answerExport } from '../../core/repos/exports';
import { getActivitiesByIds } from '../../core/repos/activities';
import { getMembersByIds } from '../../core/repos/members';
import type { ActionContext } from '../../core/router';
import { teamPeriod } from './stats';

const fmt = (ms: number, f = 'YYYY-MM-DD HH:mm') => inShanghai(ms).format(f);
const KIND_TEXT = { verified: '签到核验', added: '组织补录', reported: '个人申报' } as const;

/**
 * The columns of sheet 1, shaped like the bulk hour import of the national volunteer system
 * (全国志愿服务信息系统 / 中国志愿服务网): one row per credited record. docs/volunteer.md lists which
 * the app fills and which the office fills by hand (the ID-card number and the national volunteer
 * number are not held here).
 */
export const IMPORT_COLUMNS = [
  { header: '序号', key: 'no', width: 6 },
  { header: '姓名', key: 'name', width: 10 },
  { header: '证件类型', key: 'idType', width: 10 },
  { header: '证件号码', key: 'idNo', width: 20 },
  { header: '志愿者编号', key: 'volunteerNo', width: 14 },
  { header: '服务项目名称', key: 'project', width: 28 },
  { header: '服务开始时间', key: 'start', width: 18 },
  { header: '服务结束时间', key: 'end', width: 18 },
  { header: '服务时长（小时）', key: 'hours', width: 12 },
  { header: '服务地点', key: 'place', width: 16 },
  { header: '时长类型', key: 'kind', width: 10 },
  { header: '工号/学号', key: 'staffNo', width: 12 },
  { header: '备注', key: 'note', width: 30 },
] as const;

export const TOTAL_COLUMNS = [
  { header: '姓名', key: 'name', width: 10 },
  { header: '工号/学号', key: 'staffNo', width: 12 },
  { header: '签到核验（小时）', key: 'verified', width: 14 },
  { header: '组织补录（小时）', key: 'added', width: 14 },
  { header: '个人申报（小时）', key: 'reported', width: 14 },
  { header: '合计（小时）', key: 'total', width: 12 },
  { header: '参加活动数', key: 'events', width: 10 },
] as const;

export async function exportHours(
  input: TVolunteerExportInput,
  ctx: ActionContext,
): Promise<TVolunteerExportOutput> {
  const { teams, entries, stats } = await teamPeriod(input.teamId, input.from, input.to, ctx.now);
  const team = teams[0];
  const [people, events] = await Promise.all([
    getMembersByIds([...new Set(entries.map((e) => e.memberId))]),
    getActivitiesByIds([...new Set(entries.map((e) => e.activityId).filter((a): a is string => !!a))]),
  ]);
  const staffNo = new Map(people.map((p) => [p._id, p.staffNo]));
  const eventById = new Map(events.map((e) => [e._id, e]));
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = '一线支部';
  wb.created = new Date(ctx.now);

  const sheet = wb.addWorksheet('时长导入');
  sheet.columns = IMPORT_COLUMNS.map((c) => ({ ...c }));
  const sorted = [...entries].sort(
    (a, b) => a.date - b.date || a.memberName.localeCompare(b.memberName, 'zh'),
  );
  sorted.forEach((h, i) => {
    const e = h.activityId ? eventById.get(h.activityId) : undefined;
    sheet.addRow({
      no: i + 1,
      name: h.memberName,
      idType: '居民身份证',
      idNo: '',
      volunteerNo: '',
      project: h.title,
      start: fmt(e ? e.startAt : h.date),
      end: e ? fmt(e.endAt) : '',
      hours: fromCh(h.ch),
      place: '',
      kind: KIND_TEXT[h.kind],
      staffNo: staffNo.get(h.memberId) ?? '',
      note: h.reason ?? h.decisionReason ?? '',
    });
  });
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.getColumn('idNo').numFmt = '@';

  const totals = wb.addWorksheet('汇总');
  totals.columns = TOTAL_COLUMNS.map((c) => ({ ...c }));
  for (const m of stats.members) {
    totals.addRow({
      name: m.name,
      staffNo: staffNo.get(m.memberId) ?? '',
      verified: m.byKind.verified,
      added: m.byKind.added,
      reported: m.byKind.reported,
      total: m.byKind.total,
      events: m.events,
    });
  }
  totals.addRow({
    name: '合计',
    verified: stats.totals.verified,
    added: stats.totals.added,
    reported: stats.totals.reported,
    total: stats.totals.total,
  }).font = { bold: true };
  totals.getRow(1).font = { bold: true };

  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  const stamp = fmt(ctx.now, 'YYYYMMDD-HHmmss');
  const fileName = `志愿时长-${stamp}.xlsx`;
  // answered inline to the caller, never stored (README "Release"), recorded with its audit entry
  const file = await answerExport(ctx, {
    fileName,
    bytes,
    fields: ['payload.from', 'payload.to'],
    scope: `team:${team._id}`,
    from: input.from,
    to: input.to,
    rows: sorted.length,
    actor: actorId(ctx.caller),
    audit: {
      action: 'volunteer.export',
      after: { teamId: team._id, from: input.from, to: input.to, rows: sorted.length },
    },
  });
  return { ...file, rows: sorted.length };
}
