import { collection, db, readAll } from './db';

/**
 * Done-records of the dispatch timer (`reminder_rounds`): one per activity and kind (`day_before`,
 * `hour_before`, `cancelled`), `_id` = `<activityId>:<kind>`, unique index `activity_kind_unique`.
 * Written after a run went through every reminder that round owed (sent, already claimed, or without
 * a credit) with nothing deferred and no database error, so the next runs skip the round without
 * reading its audience: a run reads the heads of the day's meetings and the done-records, then only
 * the rounds still owed, a bounded number of them. Exactly-once stays with `reminders`' unique key
 * (a round done twice by overlapping runs sends nothing twice); the done-record only saves reads.
 */
export type RoundKind = 'day_before' | 'hour_before' | 'cancelled';

export interface RoundDoc {
  _id: string;
  activityId: string;
  kind: RoundKind;
  /** the activity's start when the round was done (reads look at rounds of meetings still ahead) */
  startAt: number;
  doneAt: number;
}

export function roundId(activityId: string, kind: RoundKind): string {
  return `${activityId}:${kind}`;
}

/** The ids of rounds done for activities starting after `since` (served by `startAt`). */
export async function doneRoundsSince(since: number): Promise<Set<string>> {
  const rows = await readAll<Pick<RoundDoc, '_id'>>(
    'reminder_rounds',
    { startAt: db().command.gt(since) },
    [['startAt', 'asc']],
    { _id: true },
  );
  return new Set(rows.map((r) => r._id));
}

/** Marks rounds done (idempotent: an overlapping run may mark the same round). */
export async function markRoundsDone(
  rounds: readonly { activityId: string; kind: RoundKind; startAt: number }[],
  now: number,
): Promise<void> {
  await Promise.all(
    rounds.map((r) =>
      collection('reminder_rounds')
        .doc(roundId(r.activityId, r.kind))
        .set({ activityId: r.activityId, kind: r.kind, startAt: r.startAt, doneAt: now }),
    ),
  );
}

/**
 * Reopens the meeting-reminder rounds of these activities: a member who just subscribed holds a
 * credit the done round did not see, so the next run looks at those rounds again (the reminders
 * already sent stay sent: their unique key).
 */
export async function reopenRounds(activityIds: readonly string[]): Promise<void> {
  if (activityIds.length === 0) return;
  const cmd = db().command;
  await collection('reminder_rounds')
    .where({ activityId: cmd.in([...activityIds]), kind: cmd.in(['day_before', 'hour_before']) })
    .remove();
}
