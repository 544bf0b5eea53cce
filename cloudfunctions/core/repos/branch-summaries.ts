import type { CompactActivity } from '../domain/attendance/summary';
import { collection, db, readAll } from './db';

/** Per branch and Shanghai year every activity's tuple (`branch_summaries`); see ./summary-dirty.ts. */
export interface BranchSummaryDoc {
  _id: string;
  branchId: string;
  year: number;
  acts: CompactActivity[];
  updatedAt: number;
}

export function branchSummaryId(branchId: string, year: number): string {
  return `${branchId}:${year}`;
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
