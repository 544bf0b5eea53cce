import { collection, firstDoc, runTransaction, type Transaction } from './db';

/**
 * Counters that must hold across function instances (many run at once), so they live in the
 * database: one document per key, `_id` = key, with the failure instants inside the window.
 */
export interface ThrottleDoc {
  _id: string;
  failures: number[];
  /** When the document stops mattering (newest failure + window); lets a cleanup query by index. */
  expiresAt: number;
}

export async function readThrottle(key: string): Promise<ThrottleDoc | null> {
  const res = await collection('throttles').doc(key).get();
  const data = res.data as ThrottleDoc | ThrottleDoc[] | null | undefined;
  const doc = Array.isArray(data) ? data[0] : data;
  return doc ?? null;
}

/**
 * Read-modify-write in a transaction so two concurrent failures both count (the SDK retries on a
 * write conflict).
 */
export async function updateThrottle(
  key: string,
  next: (failures: number[]) => number[],
  ttlMs: number,
): Promise<number[]> {
  return runTransaction(async (tx) => {
    const res = await tx.collection('throttles').doc(key).get();
    const data = res.data as ThrottleDoc | ThrottleDoc[] | null | undefined;
    const doc = Array.isArray(data) ? data[0] : data;
    const failures = next(doc?.failures ?? []);
    const expiresAt = (failures[failures.length - 1] ?? 0) + ttlMs;
    await tx.collection('throttles').doc(key).set({ failures, expiresAt });
    return failures;
  });
}

/** One document per activity in `throttles` (`_id` = `nudge:<activityId>`). */
export interface NudgeDoc {
  _id: string;
  lastAt: number;
  round: number;
  expiresAt: number;
}

export function nudgeLockId(activityId: string): string {
  return `nudge:${activityId}`;
}

/**
 * Read-check-write of the activity's nudge record inside `tx`, so two secretaries tapping at once
 * get one round and one RATE_LIMITED (the transaction serialises them). `check` throws to refuse.
 */
export async function nextNudgeRoundTx(
  tx: Transaction,
  activityId: string,
  now: number,
  check: (lastAt: number | null) => void,
  ttlMs: number,
): Promise<number> {
  const id = nudgeLockId(activityId);
  const doc = firstDoc<NudgeDoc>((await tx.collection('throttles').doc(id).get()).data);
  check(doc?.lastAt ?? null);
  const round = (doc?.round ?? 0) + 1;
  await tx
    .collection('throttles')
    .doc(id)
    .set({ lastAt: now, round, expiresAt: now + ttlMs });
  return round;
}
