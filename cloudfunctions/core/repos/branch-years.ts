import type { YearTotals } from '../domain/attendance/summary';
import { collection, readAll } from './db';

/**
 * Per branch and Shanghai year the folded totals of its activities (`branch_years`, `_id` =
 * `<branchId>:<year>`; domain/attendance/summary.ts `YearTotals`: every month's held count per type,
 * 廉政党课, roster totals and latest start, and the activities not over yet as whole tuples),
 * rewritten by the `summaries` timer from the year's activity summaries whenever one of them changes;
 * see ./summary-dirty.ts. What the admin's overview reads: one small document per branch and year,
 * so a quarter or a whole year of 1,000 branches is one page.
 */
export interface BranchYearDoc extends YearTotals {
  _id: string;
  branchId: string;
  updatedAt: number;
}

export function branchYearId(branchId: string, year: number): string {
  return `${branchId}:${year}`;
}

export async function putBranchYear(doc: BranchYearDoc): Promise<void> {
  const { _id, ...rest } = doc;
  await collection('branch_years').doc(_id).set(rest);
}

/** A year without activities any more (all moved away): no document. */
export async function removeBranchYear(id: string): Promise<void> {
  await collection('branch_years').doc(id).remove();
}

/**
 * Every branch's documents of these years (served by `year_branch`): one paged read per year, in
 * parallel — an overview of 1,000 branches over a quarter or a year is one or two requests.
 */
export async function branchYearsOf(years: readonly number[]): Promise<BranchYearDoc[]> {
  const parts = await Promise.all(
    years.map((year) => readAll<BranchYearDoc>('branch_years', { year }, [['branchId', 'asc']])),
  );
  return parts.flat();
}
