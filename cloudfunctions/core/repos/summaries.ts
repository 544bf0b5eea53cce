import type { CompactActivity } from '../domain/attendance/summary';
import { logError } from '../log';
import type { ActivityDoc } from './activities';
import { collection, db, newId, PAGE_LIMIT, readAll, readIn } from './db';

/**
 * Running attendance summaries (domain/attendance/summary.ts; issue 17):
 *
 * - `summary_dirty`: one mark per activity whose attendance changed (`_id` = activity id). Writers
 *   (a leave or make-up request, a review, a manual add, an undo, an activity created, edited or
 *   cancelled) set it with one write; check-ins do not (a burst of 1,000 scans would write one
 *   document 1,000 times): the timer recounts every activity whose check-in window was open since
 *   its last run instead; the mark carries a fresh `token`, so the refresher
 *   removes it only if nothing marked it again while it was counting.
 * - `activity_summaries`: per activity its compact tuple (counts taken from its roster), `_id` =
 *   activity id; `counted: false` while nothing has been counted (not started yet) — the refresher
 *   also picks those up once they have started, so a meeting nobody checked in to is counted too.
 * - `branch_summaries`: per branch and Shanghai year every activity's tuple (`_id` =
 *   `<branchId>:<year>`), rewritten from `activity_summaries` when one of them changes: what the
 *   admin's overview reads (about one small document per branch).
 *
 * The overview is therefore as fresh as the last run of the `summaries` timer (every 5 minutes),
 * and says how many marks are still waiting. Roster membership changes (a member joining or
 * leaving) reach the summaries of past meetings only when those are marked again.
 */
export interface DirtyDoc {
  _id: string;
  activityId: string;
  branchId: string;
  at: number;
  token: string;
}

export interface ActivitySummaryDoc {
  _id: string;
  branchId: string;
  year: number;
  startAt: number;
  counted: boolean;
  act: CompactActivity;
  updatedAt: number;
}

export interface BranchSummaryDoc {
  _id: string;
  branchId: string;
  year: number;
  acts: CompactActivity[];
  updatedAt: number;
}

/**
 * Activities written before summaries existed (or by a seed/import) have no mark: the timer walks
 * `activities` by `_id` once, a page per run, and counts those without a summary. Its position is
 * one document in `summary_state`.
 */
export interface BackfillState {
  cursor: string;
  done: boolean;
  updatedAt: number;
}
const BACKFILL = 'backfill';

export async function readBackfill(): Promise<BackfillState> {
  const res = await collection('summary_state').doc(BACKFILL).get();
  const d = (Array.isArray(res.data) ? res.data[0] : res.data) as BackfillState | undefined;
  return d ?? { cursor: '', done: false, updatedAt: 0 };
}

export async function writeBackfill(s: BackfillState): Promise<void> {
  await collection('summary_state')
    .doc(BACKFILL)
    .set({ ...s });
}

/** The next `limit` activity ids after `cursor` in `_id` order (served by `_id`). */
export async function activityIdsAfter(cursor: string, limit: number): Promise<string[]> {
  const res = await collection('activities')
    .where({ _id: db().command.gt(cursor) })
    .orderBy('_id', 'asc')
    .field({ _id: true })
    .limit(Math.min(limit, PAGE_LIMIT))
    .get();
  return (res.data as { _id: string }[]).map((d) => d._id);
}

/** When the timer last looked at open check-in windows (`summary_state` `windows`). */
export async function readWindowsRun(): Promise<number | null> {
  const res = await collection('summary_state').doc('windows').get();
  const d = (Array.isArray(res.data) ? res.data[0] : res.data) as { lastRunAt?: number } | undefined;
  return typeof d?.lastRunAt === 'number' ? d.lastRunAt : null;
}

export async function writeWindowsRun(lastRunAt: number): Promise<void> {
  await collection('summary_state').doc('windows').set({ lastRunAt });
}

/** Scheduled activities starting in [from, to] with what the window rule needs (served by `status_startAt`). */
export async function scheduledStartingBetween(
  from: number,
  to: number,
): Promise<Pick<ActivityDoc, '_id' | 'branchId' | 'startAt' | 'checkin'>[]> {
  const cmd = db().command;
  return readAll(
    'activities',
    { status: 'scheduled', startAt: cmd.gte(from).and(cmd.lte(to)) },
    [['startAt', 'asc']],
    {
      _id: true,
      branchId: true,
      startAt: true,
      checkin: true,
    },
  );
}

export function branchSummaryId(branchId: string, year: number): string {
  return `${branchId}:${year}`;
}

/**
 * One write after the change committed: this activity's attendance changed (the `summaries` timer
 * recounts it). Outside the change's transaction on purpose — every writer of an activity would
 * otherwise contend on this one document — and it never fails the action that already committed: a
 * failure is logged (the overview then shows the older count until the activity changes again).
 */
export async function markSummaryDirty(
  activityId: string,
  branchId: string,
  now: number,
  requestId = '',
): Promise<void> {
  try {
    await collection('summary_dirty').doc(activityId).set({ activityId, branchId, at: now, token: newId() });
  } catch (err) {
    logError({ requestId, op: 'markSummaryDirty' }, err);
  }
}

/** The oldest marks, at most `limit` (served by `at`). */
export async function oldestDirty(limit: number): Promise<DirtyDoc[]> {
  const res = await collection('summary_dirty')
    .where({ at: db().command.gte(0) })
    .orderBy('at', 'asc')
    .orderBy('_id', 'asc')
    .limit(Math.min(limit, PAGE_LIMIT))
    .get();
  return res.data as DirtyDoc[];
}

/** Removes the mark only if it is the one read (same token): a newer mark survives for the next run. */
export async function clearDirty(d: Pick<DirtyDoc, '_id' | 'token'>): Promise<void> {
  await collection('summary_dirty').where({ _id: d._id, token: d.token }).remove();
}

export async function countDirty(): Promise<number> {
  const res = await collection('summary_dirty')
    .where({ at: db().command.gte(0) })
    .count();
  return Number((res as { total?: number }).total ?? 0);
}

/** Started activities never counted yet (served by `counted_startAt`), oldest first. */
export async function uncountedStarted(now: number, limit: number): Promise<ActivitySummaryDoc[]> {
  const res = await collection('activity_summaries')
    .where({ counted: false, startAt: db().command.lte(now) })
    .orderBy('startAt', 'asc')
    .orderBy('_id', 'asc')
    .limit(Math.min(limit, PAGE_LIMIT))
    .get();
  return res.data as ActivitySummaryDoc[];
}

export async function putActivitySummary(doc: ActivitySummaryDoc): Promise<void> {
  const { _id, ...rest } = doc;
  await collection('activity_summaries').doc(_id).set(rest);
}

export async function activitySummariesByIds(ids: readonly string[]): Promise<ActivitySummaryDoc[]> {
  return readIn<ActivitySummaryDoc>('activity_summaries', '_id', ids, {}, { _id: true, year: true });
}

/** Every activity summary of a branch-year (served by `branch_year`). */
export async function activitySummariesOf(branchId: string, year: number): Promise<ActivitySummaryDoc[]> {
  return readAll<ActivitySummaryDoc>('activity_summaries', { branchId, year }, [['startAt', 'asc']]);
}

export async function putBranchSummary(doc: BranchSummaryDoc): Promise<void> {
  const { _id, ...rest } = doc;
  await collection('branch_summaries').doc(_id).set(rest);
}

/** The branch-year summaries of these years, every branch (served by `year_branch`). */
export async function branchSummariesOfYears(years: readonly number[]): Promise<BranchSummaryDoc[]> {
  return readAll<BranchSummaryDoc>(
    'branch_summaries',
    { year: db().command.in([...years]) },
    [['branchId', 'asc']],
    {
      _id: true,
      branchId: true,
      year: true,
      acts: true,
    },
  );
}
