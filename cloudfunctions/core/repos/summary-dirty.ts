import { logError } from '../log';
import { collection, db, newId, PAGE_LIMIT } from './db';

/**
 * Running attendance summaries (domain/attendance/summary.ts):
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
 * - `branch_years`: per branch and Shanghai year the folded totals of its activities (`_id` =
 *   `<branchId>:<year>`; every month's held count per type, 廉政党课, roster totals and latest start,
 *   and the few activities not over yet as whole tuples), rewritten from `activity_summaries` when one
 *   of them changes: what the admin's overview reads (one document per branch and year of the range).
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
