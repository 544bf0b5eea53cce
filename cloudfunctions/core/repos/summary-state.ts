import { collection } from './db';

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

/** When the timer last looked at open check-in windows (`summary_state` `windows`). */
export async function readWindowsRun(): Promise<number | null> {
  const res = await collection('summary_state').doc('windows').get();
  const d = (Array.isArray(res.data) ? res.data[0] : res.data) as { lastRunAt?: number } | undefined;
  return typeof d?.lastRunAt === 'number' ? d.lastRunAt : null;
}

export async function writeWindowsRun(lastRunAt: number): Promise<void> {
  await collection('summary_state').doc('windows').set({ lastRunAt });
}

/**
 * Deployments from before the branch-year documents have activity summaries but no year documents:
 * the timer walks the branches with summaries once, in id order, and builds theirs (`summary_state`
 * `years`; the same shape as the activity backfill's position).
 */
const YEARS = 'years';

export async function readYearsBackfill(): Promise<BackfillState> {
  const res = await collection('summary_state').doc(YEARS).get();
  const d = (Array.isArray(res.data) ? res.data[0] : res.data) as BackfillState | undefined;
  return d ?? { cursor: '', done: false, updatedAt: 0 };
}

export async function writeYearsBackfill(s: BackfillState): Promise<void> {
  await collection('summary_state')
    .doc(YEARS)
    .set({ ...s });
}
