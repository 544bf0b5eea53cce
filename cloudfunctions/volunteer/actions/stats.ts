import type { TTeamStatsInput, TTeamStatsOutput } from '../../../types/volunteer';
import { fromCh, shanghaiYearStart, totalsOf } from '../../core/domain/volunteer';
import { listTeamEvents, type ActivityDoc } from '../../core/repos/activities';
import { teamAndDescendants } from '../../core/repos/read/team-grant';
import { listTeamsMembers } from '../../core/repos/team-members';
import type { TeamDoc } from '../../core/repos/teams';
import { listTeamHours, type HoursDoc } from '../../core/repos/volunteer-hours';
import type { ActionContext } from '../../core/router';
import { requireTeam } from './common';

export interface TeamPeriod {
  teams: TeamDoc[];
  entries: HoursDoc[];
  events: ActivityDoc[];
  stats: TTeamStatsOutput;
}

/**
 * A team's confirmed hours in [from, to] (the team and its sub-teams): per member (hours, events,
 * by kind), per event (hours, people), and the active members with no confirmed hours this
 * calendar year (Asia/Shanghai). Shared by `stats` and `export`.
 */
export async function teamPeriod(teamId: string, from: number, to: number, now: number): Promise<TeamPeriod> {
  const teams = await teamAndDescendants(await requireTeam(teamId));
  const ids = teams.map((t) => t._id);
  const yearStart = shanghaiYearStart(now);
  const [perTeam, yearTeam, members, events] = await Promise.all([
    Promise.all(ids.map((id) => listTeamHours(id, 'confirmed', from, to))),
    Promise.all(ids.map((id) => listTeamHours(id, 'confirmed', yearStart, now))),
    listTeamsMembers(ids, 'active'),
    listTeamEvents(ids, from, to),
  ]);
  const entries = perTeam.flat().filter((h) => h.ch > 0);
  const byMember = new Map<string, HoursDoc[]>();
  for (const h of entries) byMember.set(h.memberId, [...(byMember.get(h.memberId) ?? []), h]);
  const memberRows = [...byMember.entries()].map(([memberId, hs]) => {
    const byKind = totalsOf(hs);
    return {
      memberId,
      name: hs[0].memberName,
      hours: byKind.total,
      events: new Set(hs.filter((h) => h.activityId).map((h) => h.activityId)).size,
      byKind,
    };
  });
  memberRows.sort((a, b) => b.hours - a.hours || a.name.localeCompare(b.name, 'zh'));
  const byEvent = new Map<string, HoursDoc[]>();
  for (const h of entries)
    if (h.activityId) byEvent.set(h.activityId, [...(byEvent.get(h.activityId) ?? []), h]);
  const eventRows = events
    .filter((e) => e.status !== 'cancelled')
    .map((e) => {
      const hs = byEvent.get(e._id) ?? [];
      return {
        activityId: e._id,
        title: e.title,
        startAt: e.startAt,
        hours: fromCh(hs.reduce((s, h) => s + h.ch, 0)),
        people: new Set(hs.map((h) => h.memberId)).size,
      };
    })
    .sort((a, b) => b.startAt - a.startAt);
  const served = new Set(
    yearTeam
      .flat()
      .filter((h) => h.ch > 0)
      .map((h) => h.memberId),
  );
  const seen = new Set<string>();
  const idleNames = members
    .filter((m) => !served.has(m.memberId) && !seen.has(m.memberId) && seen.add(m.memberId))
    .map((m) => ({ memberId: m.memberId, name: m.memberName }));
  return {
    teams,
    entries,
    events,
    stats: {
      members: memberRows,
      events: eventRows,
      idle: idleNames.map((m) => m.memberId),
      idleNames,
      totals: totalsOf(entries),
    },
  };
}

export async function teamStats(input: TTeamStatsInput, ctx: ActionContext): Promise<TTeamStatsOutput> {
  return (await teamPeriod(input.teamId, input.from, input.to, ctx.now)).stats;
}
