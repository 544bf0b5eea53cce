import { collection, db } from './db';

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

/** One `summary_state` document by its id (undefined before the first write). */
async function readState<T>(id: string): Promise<T | undefined> {
  const res = await collection('summary_state').doc(id).get();
  return (Array.isArray(res.data) ? res.data[0] : res.data) as T | undefined;
}

async function readProgress(id: string): Promise<BackfillState> {
  return (await readState<BackfillState>(id)) ?? { cursor: '', done: false, updatedAt: 0 };
}

async function writeProgress(id: string, s: BackfillState): Promise<void> {
  await collection('summary_state')
    .doc(id)
    .set({ ...s });
}

export const readBackfill = () => readProgress(BACKFILL);
export const writeBackfill = (s: BackfillState) => writeProgress(BACKFILL, s);

/** When the timer last looked at open check-in windows (`summary_state` `windows`). */
export async function readWindowsRun(): Promise<number | null> {
  const d = await readState<{ lastRunAt?: number }>('windows');
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

export const readYearsBackfill = () => readProgress(YEARS);
export const writeYearsBackfill = (s: BackfillState) => writeProgress(YEARS, s);

/**
 * Whether both walks are over — activities without a summary (`backfill`) and summaries without a
 * year document (`years`) — in one read. Until then a branch without a year document may simply be
 * waiting for them (the admin overview says so instead of calling it silent); afterwards it has no
 * activity in that year.
 */
export async function backfillsDone(): Promise<boolean> {
  const res = await collection('summary_state')
    .where({ _id: db().command.in([BACKFILL, YEARS]) })
    .get();
  const docs = res.data as ({ _id: string } & Partial<BackfillState>)[];
  return [BACKFILL, YEARS].every((id) => docs.some((d) => d._id === id && d.done === true));
}
