import {
  compactActivity,
  monthKey,
  monthTotals,
  summaryYear,
  type CompactActivity,
  type RosterCounts,
} from '../../core/domain/attendance/summary';
import {
  activityIdsAfter,
  getActivitiesByIds,
  scheduledStartingBetween,
  type ActivityDoc,
} from '../../core/repos/activities';
import {
  activitySummariesByIds,
  activitySummariesOf,
  putActivitySummary,
  uncountedStarted,
} from '../../core/repos/activity-summaries';
import { branchMonthId, putBranchMonth, removeBranchMonth } from '../../core/repos/branch-months';
import { activeMembersOfBranch } from '../../core/repos/members';
import { clearDirty, oldestDirty, type DirtyDoc } from '../../core/repos/summary-dirty';
import { readBackfill, readWindowsRun, writeBackfill, writeWindowsRun } from '../../core/repos/summary-state';
import type { TimerContext } from '../../core/router';
import { DAY_MS } from '../../core/domain/attendance/calendar';
import { checkinWindow } from '../../core/domain/window';
import { activityFacts, loadRosters } from './common';

/** Activities recounted per run at most: each run's work is bounded whatever the backlog. */
export const SUMMARY_BATCH = 200;
/** A check-in window lies within [start − 1 day, start + 7 days] (activity create/update enforce it). */
const MAX_WINDOW_BEFORE_START_MS = DAY_MS;
const MAX_WINDOW_AFTER_START_MS = 7 * DAY_MS;
/** Offline scans may be uploaded up to 2 h after their scan (evaluate.ts caps maxOfflineSec). */
const OFFLINE_UPLOAD_MS = 2 * 3600_000;
/** First run ever: look back this far for windows. */
const WINDOW_LOOKBACK_MS = 10 * 60_000;

export interface SummariesRun {
  counted: number;
  branches: number;
  /** marks left for the next run (0 when the backlog fit) */
  more: boolean;
}

function countsOf(s: { counts: RosterCounts }): RosterCounts {
  const { expected, present, pending, leave, absent } = s.counts;
  return { expected, present, pending, leave, absent };
}

/**
 * Recounts one branch's activities: their rosters in one batched read (attendance/common.ts
 * `loadRosters`, the rule the dashboard uses), each activity's summary, then every branch-year
 * summary they belong to, rewritten whole from the branch-year's activity summaries.
 */
async function recountBranch(
  branchId: string,
  activities: readonly ActivityDoc[],
  now: number,
): Promise<void> {
  const started = activities.filter((a) => a.status !== 'cancelled' && a.startAt <= now);
  const members = started.length ? await activeMembersOfBranch(branchId) : [];
  const [rosterList, previous] = await Promise.all([
    loadRosters(started, members),
    activitySummariesByIds(activities.map((a) => a._id)),
  ]);
  const rosters = new Map(rosterList.map((r) => [r.activity._id, r.summary]));
  // an edit may have moved an activity to another month: that month's totals drop it
  const months = new Set<number>(previous.map((p) => monthKey(p.startAt)));
  await Promise.all(
    activities.map((a) => {
      const roster = rosters.get(a._id);
      months.add(monthKey(a.startAt));
      return putActivitySummary({
        _id: a._id,
        branchId,
        year: summaryYear(a.startAt),
        startAt: a.startAt,
        // cancelled: nothing to count, ever
        counted: !!roster || a.status === 'cancelled',
        act: compactActivity(activityFacts(a), roster ? countsOf(roster) : null),
        updatedAt: now,
      });
    }),
  );
  // each touched month folded again, whole, from the branch-year's activity summaries
  const years = new Set([...months].map((ym) => Math.floor(ym / 100)));
  for (const year of years) {
    const byMonth = new Map<number, CompactActivity[]>();
    for (const s of await activitySummariesOf(branchId, year)) {
      const ym = monthKey(s.startAt);
      const l = byMonth.get(ym);
      if (l) l.push(s.act);
      else byMonth.set(ym, [s.act]);
    }
    await Promise.all(
      [...months]
        .filter((ym) => Math.floor(ym / 100) === year)
        .map((ym) => {
          const acts = byMonth.get(ym);
          const _id = branchMonthId(branchId, ym);
          if (!acts) return removeBranchMonth(_id);
          return putBranchMonth({ _id, branchId, ...monthTotals(ym, acts, now), updatedAt: now });
        }),
    );
  }
}

/**
 * The `summaries` timer (config.json: every 5 minutes): recounts the activities marked dirty and
 * those that have started without ever being counted, at most SUMMARY_BATCH per run, grouped by
 * branch (one roster read per branch). A mark is cleared only if nobody marked it again meanwhile.
 */
export async function refreshSummaries(t: Pick<TimerContext, 'now'>): Promise<SummariesRun> {
  const now = t.now;
  const marks = await oldestDirty(SUMMARY_BATCH);
  const uncounted =
    marks.length < SUMMARY_BATCH ? await uncountedStarted(now, SUMMARY_BATCH - marks.length) : [];
  const ids = [...new Set([...marks.map((m) => m.activityId), ...uncounted.map((u) => u._id)])];
  // check-ins write no mark: recount every activity whose check-in window (plus the offline upload
  // allowance) was open at some point since the last run — a handful across the university
  const lastRun = await readWindowsRun();
  const since = lastRun ?? now - WINDOW_LOOKBACK_MS;
  const open = (
    await scheduledStartingBetween(since - MAX_WINDOW_AFTER_START_MS, now + MAX_WINDOW_BEFORE_START_MS)
  )
    .filter((a) => {
      const w = checkinWindow(a);
      return w.opensAt <= now && w.closesAt + OFFLINE_UPLOAD_MS >= since;
    })
    .map((a) => a._id);
  let windowsDone = true;
  for (const id of open) {
    if (ids.includes(id)) continue;
    if (ids.length >= SUMMARY_BATCH) {
      windowsDone = false; // the rest next run: keep `since`
      break;
    }
    ids.push(id);
  }
  if (windowsDone) await writeWindowsRun(now);
  // what is left of the budget walks the activities that predate the summaries (once, ever)
  let backfilled = false;
  if (ids.length < SUMMARY_BATCH) {
    const state = await readBackfill();
    if (!state.done) {
      const room = SUMMARY_BATCH - ids.length;
      const page = await activityIdsAfter(state.cursor, room);
      const known = new Set((await activitySummariesByIds(page)).map((s) => s._id));
      for (const id of page) if (!known.has(id) && !ids.includes(id)) ids.push(id);
      const done = page.length < room;
      await writeBackfill({ cursor: page[page.length - 1] ?? state.cursor, done, updatedAt: now });
      backfilled = !done;
    }
  }
  const activities = await getActivitiesByIds(ids);
  const byBranch = new Map<string, ActivityDoc[]>();
  for (const a of activities) {
    const l = byBranch.get(a.branchId);
    if (l) l.push(a);
    else byBranch.set(a.branchId, [a]);
  }
  for (const [branchId, list] of byBranch) await recountBranch(branchId, list, now);
  // marks of activities that no longer exist are cleared too
  await Promise.all(marks.map((m: DirtyDoc) => clearDirty(m)));
  return {
    counted: activities.length,
    branches: byBranch.size,
    more: backfilled || marks.length === SUMMARY_BATCH || uncounted.length === SUMMARY_BATCH - marks.length,
  };
}
