import { packYear, unpackYear, type PackedYear, type YearTotals } from '../domain/attendance/summary';
import { collection, readAllAfter } from './db';

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

/** As stored: the months packed (domain/attendance/summary.ts `packYear`). */
export type StoredBranchYear = Omit<BranchYearDoc, keyof YearTotals> & PackedYear;

export function storedBranchYear(doc: BranchYearDoc): StoredBranchYear {
  const { _id, branchId, updatedAt } = doc;
  return { _id, branchId, updatedAt, ...packYear(doc) };
}

export function branchYearId(branchId: string, year: number): string {
  return `${branchId}:${year}`;
}

export async function putBranchYear(doc: BranchYearDoc): Promise<void> {
  const { _id, ...rest } = storedBranchYear(doc);
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
    // one document per branch and year: pages by branchId after branchId (`year_branch`)
    years.map((year) => readAllAfter<StoredBranchYear>('branch_years', { year }, 'branchId')),
  );
  return parts
    .flat()
    .map((d) => ({ _id: d._id, branchId: d.branchId, updatedAt: d.updatedAt, ...unpackYear(d) }));
}
