import type { TMyHoursInput, TMyHoursOutput, THoursRecord } from '../../../types/volunteer';
import { fromCh, shanghaiYearStart, totalsOf } from '../../core/domain/volunteer';
import { listTeams } from '../../core/repos/teams';
import { listMemberHoursRows } from '../../core/repos/volunteer-hours';
import type { ActionContext } from '../../core/router';
import { me } from './common';

/**
 * The caller's hours: every entry (all statuses, newest first, each with its event or report title)
 * in the range, totals by kind over confirmed entries in the range, and this Shanghai year's.
 * One indexed read of the member's ledger (only the fields shown) and, at the same time, the team names.
 */
export async function myHours(input: TMyHoursInput, ctx: ActionContext): Promise<TMyHoursOutput> {
  const m = me(ctx.caller);
  // The ledger and the team names at once (a university has tens of teams).
  const [all, teamList] = await Promise.all([listMemberHoursRows(m.id), listTeams()]);
  const from = input.from ?? 0;
  const to = input.to ?? Number.MAX_SAFE_INTEGER;
  const inRange = all.filter((h) => h.date >= from && h.date <= to);
  const yearStart = shanghaiYearStart(ctx.now);
  const teams = new Map(teamList.map((t) => [t._id, t.name]));
  return {
    totals: totalsOf(inRange),
    thisYear: totalsOf(all.filter((h) => h.date >= yearStart)),
    records: inRange.map((h) => {
      const r: THoursRecord = {
        id: h._id,
        kind: h.kind,
        status: h.status,
        hours: fromCh(h.ch),
        title: h.title,
        date: h.date,
        teamId: h.teamId,
      };
      const teamName = teams.get(h.teamId);
      if (teamName) r.teamName = teamName;
      if (h.activityId) r.activityId = h.activityId;
      if (h.reason) r.reason = h.reason;
      else if (h.decisionReason) r.reason = h.decisionReason;
      if (h.supersedes) r.supersedes = h.supersedes;
      if (h.supersededBy) r.supersededBy = h.supersededBy;
      return r;
    }),
  };
}
