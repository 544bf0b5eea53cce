import type { MonthTotals } from '../domain/attendance/summary';
import { collection, readAll } from './db';

/**
 * Per branch and Shanghai month the folded totals of its activities (`branch_months`, `_id` =
 * `<branchId>:<ym>`; domain/attendance/summary.ts `MonthTotals`), rewritten by the `summaries` timer
 * from the month's activity summaries whenever one of them changes; see ./summary-dirty.ts. What the
 * admin's overview reads: one small document per branch and month, whatever the branch's history.
 */
export interface BranchMonthDoc extends MonthTotals {
  _id: string;
  branchId: string;
  updatedAt: number;
}

export function branchMonthId(branchId: string, ym: number): string {
  return `${branchId}:${ym}`;
}

export async function putBranchMonth(doc: BranchMonthDoc): Promise<void> {
  const { _id, ...rest } = doc;
  await collection('branch_months').doc(_id).set(rest);
}

/** A month without activities any more (all moved away): no document. */
export async function removeBranchMonth(id: string): Promise<void> {
  await collection('branch_months').doc(id).remove();
}

/**
 * Every branch's totals for these months (served by `ym_branch`): one paged read per month, in
 * parallel — a quarter of 1,000 branches is three requests.
 */
export async function branchMonthsOf(months: readonly number[]): Promise<BranchMonthDoc[]> {
  const parts = await Promise.all(
    months.map((ym) => readAll<BranchMonthDoc>('branch_months', { ym }, [['branchId', 'asc']])),
  );
  return parts.flat();
}
