import type { CompactActivity } from '../domain/attendance/summary';
import { collection, db, PAGE_LIMIT, readAll, readIn } from './db';

/** Per activity its compact attendance tuple (`activity_summaries`); see ./summary-dirty.ts. */
export interface ActivitySummaryDoc {
  _id: string;
  branchId: string;
  year: number;
  startAt: number;
  counted: boolean;
  act: CompactActivity;
  updatedAt: number;
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
  return readIn<ActivitySummaryDoc>(
    'activity_summaries',
    '_id',
    ids,
    {},
    { _id: true, year: true, startAt: true },
  );
}

/** Every activity summary of a branch-year (served by `branch_year`). */
export async function activitySummariesOf(branchId: string, year: number): Promise<ActivitySummaryDoc[]> {
  return readAll<ActivitySummaryDoc>('activity_summaries', { branchId, year }, [['startAt', 'asc']]);
}

/** Every activity summary of a branch, all years (served by `branch_year`). */
export async function activitySummariesOfBranch(branchId: string): Promise<ActivitySummaryDoc[]> {
  return readAll<ActivitySummaryDoc>('activity_summaries', { branchId }, [
    ['year', 'asc'],
    ['startAt', 'asc'],
  ]);
}

/**
 * Branch ids with activity summaries after `cursor` (in id order), at most `limit`: the walk that
 * builds the year documents of data that predates them (served by `branch_year`). Reads one page of
 * summary heads; a branch of more than a page of summaries is simply the whole page.
 */
export async function summaryBranchesAfter(cursor: string, limit: number): Promise<string[]> {
  const res = await collection('activity_summaries')
    .where({ branchId: db().command.gt(cursor) })
    .orderBy('branchId', 'asc')
    .orderBy('_id', 'asc')
    .field({ branchId: true })
    .limit(PAGE_LIMIT)
    .get();
  const out: string[] = [];
  for (const d of res.data as { branchId: string }[]) {
    if (out[out.length - 1] === d.branchId) continue;
    if (out.length === limit) break;
    out.push(d.branchId);
  }
  return out;
}
