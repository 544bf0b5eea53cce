import {
  MY_HOURS_PAGE,
  type TMyHoursInput,
  type TMyHoursOutput,
  type THoursRecord,
} from '../../../types/volunteer';
import { fromCh, shanghaiYear, totalsView } from '../../core/domain/volunteer';
import { teamNames } from '../../core/repos/teams';
import { pageMemberHoursRows, type HoursListRow } from '../../core/repos/volunteer-hours';
import { memberTotals, totalsInRange } from '../../core/repos/read/member-hours-totals';
import type { ActionContext } from '../../core/router';
import { keyCursor, parseKeyCursor } from '../../core/domain/cursor';
import { me } from './common';

/**
 * The caller's hours (docs/volunteer.md "My hours"): totals by kind over confirmed entries — all time
 * and this Shanghai year from the member's running totals document (repos/volunteer-totals.ts, kept in
 * the transactions that decide hours; rebuilt from the ledger when missing), or, when a range is
 * asked, summed from the range's entries — and ONE page of records, newest first (`cursor` /
 * `nextCursor`). Two reads at once (the totals, the page); the team names come from the instance's
 * 30-second cache.
 */
export async function myHours(input: TMyHoursInput, ctx: ActionContext): Promise<TMyHoursOutput> {
  const m = me(ctx.caller);
  const limit = input.limit ?? MY_HOURS_PAGE;
  const after = input.cursor ? parseCursor(input.cursor) : undefined;
  const ranged = input.from !== undefined || input.to !== undefined;
  const [page, totals] = await Promise.all([
    pageMemberHoursRows(m.id, { limit, after, from: input.from, to: input.to }),
    ranged
      ? totalsInRange(m.id, input.from ?? 0, input.to ?? Number.MAX_SAFE_INTEGER)
      : memberTotals(m.id, ctx.now),
  ]);
  const mine = ranged ? await memberTotals(m.id, ctx.now) : totals;
  // names of the page's teams: usually from this instance's memory (repos/teams.ts teamNames)
  const teams = await teamNames([...new Set(page.rows.map((r) => r.teamId))], Date.now());
  const last = page.rows[page.rows.length - 1];
  return {
    totals: totalsView(totals.all),
    thisYear: totalsView(mine.years[shanghaiYear(ctx.now)]),
    records: page.rows.map((h) => record(h, teams)),
    nextCursor: page.more && last ? keyCursor(last.date, last._id) : null,
  };
}

function parseCursor(c: string): { date: number; id: string } {
  const { at, id } = parseKeyCursor(c, 'myHours');
  return { date: at, id };
}

function record(h: HoursListRow, teams: Map<string, string>): THoursRecord {
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
}
