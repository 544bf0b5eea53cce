import {
  compactActivity,
  summaryYear,
  yearTotals,
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
  activitySummariesOfBranch,
  putActivitySummary,
  summaryBranchesAfter,
  uncountedStarted,
  type ActivitySummaryDoc,
} from '../../core/repos/activity-summaries';
import { branchYearId, putBranchYear, removeBranchYear } from '../../core/repos/branch-years';
import { activeMembersOfBranch } from '../../core/repos/members';
import { clearDirty, oldestDirty, type DirtyDoc } from '../../core/repos/summary-dirty';
import {
  readBackfill,
  readWindowsRun,
  readYearsBackfill,
  writeBackfill,
  writeWindowsRun,
  writeYearsBackfill,
} from '../../core/repos/summary-state';
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
 * Rewrites one branch-year's document whole from the year's activity summaries (none left: removed).
 */
async function foldYear(
  branchId: string,
  year: number,
  summaries: readonly { act: CompactActivity }[],
  now: number,
): Promise<void> {
  const _id = branchYearId(branchId, year);
  if (summaries.length === 0) return removeBranchYear(_id);
  const acts = summaries.map((s) => s.act);
  await putBranchYear({ _id, branchId, ...yearTotals(year, acts, now), updatedAt: now });
}

/**
 * Recounts one branch's activities: their rosters in one batched read (attendance/common.ts
 * `loadRosters`, the rule the dashboard uses), each activity's summary, then every branch-year
 * document they belong to (before and after an edit), rewritten whole from the year's activity
 * summaries.
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
  // an edit may have moved an activity to another year: that year's document drops it
  const years = new Set<number>(previous.map((p) => summaryYear(p.startAt)));
  await Promise.all(
    activities.map((a) => {
      const roster = rosters.get(a._id);
      years.add(summaryYear(a.startAt));
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
  await Promise.all(
    [...years].map(async (year) => foldYear(branchId, year, await activitySummariesOf(branchId, year), now)),
  );
}

/** Branches whose year documents one run builds at most while backfilling (one read each). */
export const YEARS_BACKFILL_BRANCHES = 400;
/** …and for at most this long (the function's timeout is 60 s). */
const YEARS_BACKFILL_MS = 20_000;

/**
 * Builds the year documents of branches whose activity summaries predate them, walking the branches
 * with summaries once in id order, 20 at a time, within a bounded run; the position is kept in
 * `summary_state`. True while branches are left for the next run.
 */
async function backfillYears(now: number): Promise<boolean> {
  const state = await readYearsBackfill();
  if (state.done) return false;
  const began = Date.now();
  let cursor = state.cursor;
  let done = false;
  for (let n = 0; n < YEARS_BACKFILL_BRANCHES && Date.now() - began < YEARS_BACKFILL_MS;) {
    const ids = await summaryBranchesAfter(cursor, Math.min(20, YEARS_BACKFILL_BRANCHES - n));
    if (ids.length === 0) {
      done = true;
      break;
    }
    await Promise.all(
      ids.map(async (branchId) => {
        const byYear = new Map<number, ActivitySummaryDoc[]>();
        for (const s of await activitySummariesOfBranch(branchId)) {
          const l = byYear.get(s.year);
          if (l) l.push(s);
          else byYear.set(s.year, [s]);
        }
        await Promise.all([...byYear].map(([year, list]) => foldYear(branchId, year, list, now)));
      }),
    );
    cursor = ids[ids.length - 1];
    n += ids.length;
  }
  await writeYearsBackfill({ cursor, done, updatedAt: now });
  return !done;
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
  // year documents of branches counted before they existed (once, ever)
  const yearsLeft = await backfillYears(now);
  return {
    counted: activities.length,
    branches: byBranch.size,
    more:
      backfilled ||
      yearsLeft ||
      marks.length === SUMMARY_BATCH ||
      uncounted.length === SUMMARY_BATCH - marks.length,
  };
}
