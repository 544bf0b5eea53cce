import type { TemplateKey } from '../../../types/reminder';
import { reminderKey } from '../domain/reminder';
import { returnCreditTx, takeCreditTx } from './credits';
import { collection, db, firstDoc, isDuplicateKeyError, readAll, readIn, runTransaction } from './db';

/**
 * Reminders as stored in `reminders`: one row per (activity, member, kind), `_id` = `reminderKey`
 * and the unique index `activity_member_kind_unique` — the row is claimed BEFORE the message is sent,
 * in the same transaction that takes the member's credit, so two overlapping dispatch runs (or a
 * retried one) can never send the same reminder twice. `kind` is `day_before`, `hour_before`,
 * `cancelled`, or `nudge:<round>` (every "催一下" round of an activity is its own kind, so each round
 * reaches a member at most once).
 *
 * Status after the claim: `claimed` (the send is in flight, or the run died before recording it:
 * never retried — at most once beats at least once for a message the member cannot unsubscribe from),
 * `sent` (WeChat answered 0), `refused` (43101: the credit was zeroed), `failed` (another errcode:
 * WeChat did not use the consent, so the credit was given back), `unknown` (no answer at all: the
 * message may have gone out, so the credit stays spent).
 */
export type ReminderStatus = 'claimed' | 'sent' | 'refused' | 'failed' | 'unknown';

export interface ReminderDoc {
  _id: string;
  activityId: string;
  memberId: string;
  branchId: string;
  kind: string;
  templateKey: TemplateKey;
  status: ReminderStatus;
  createdAt: number;
  updatedAt: number;
  /** who asked (a nudge: the secretary's member id); absent for the timer */
  by?: string;
  msgid?: number | string;
  errcode?: number;
  errmsg?: string;
}

export interface Claim {
  activityId: string;
  memberId: string;
  branchId: string;
  kind: string;
  templateKey: TemplateKey;
  by?: string;
}

export type ClaimResult = 'claimed' | 'duplicate' | 'no_credit' | 'contended';

/**
 * Claims one reminder: in ONE transaction, the row must not exist, one credit is taken and the row
 * is inserted. Answers `duplicate` when another run claimed it first (seen inside the transaction,
 * or refused by the unique key), `no_credit` when the member's credit was spent meanwhile, and
 * `contended` when the transaction kept conflicting (nothing was written: the next run retries it).
 */
export async function claimReminder(c: Claim, now: number): Promise<ClaimResult> {
  const id = reminderKey(c.activityId, c.memberId, c.kind);
  try {
    return await runTransaction(async (tx) => {
      const existing = firstDoc<ReminderDoc>((await tx.collection('reminders').doc(id).get()).data);
      if (existing) return 'duplicate' as const;
      if (!(await takeCreditTx(tx, c.memberId, c.templateKey, now))) return 'no_credit' as const;
      const doc: ReminderDoc = { _id: id, ...c, status: 'claimed', createdAt: now, updatedAt: now };
      if (doc.by === undefined) delete doc.by;
      await tx.collection('reminders').add(doc);
      return 'claimed' as const;
    });
  } catch (err) {
    if (isDuplicateKeyError(err)) return 'duplicate';
    if (/TRANSACTION_CONFLICT/.test(String((err as { code?: unknown })?.code ?? ''))) return 'contended';
    throw err;
  }
}

/**
 * Claims several reminders of DIFFERENT members in one transaction (one commit instead of one per
 * reminder: the database's durable write is the cost that dominates a large dispatch). Answers one
 * result per claim, in order. The rows are not read first: the callers already left out the rows
 * they saw, and a row that exists anyway (another run claimed it meanwhile) is refused by its
 * primary key — then the batch as a whole is refused (as after a conflict that outlived the retries),
 * nothing of it was written, and each claim is retried on its own (claimReminder reads its row).
 * Three requests per reminder instead of four.
 */
export async function claimReminders(cs: readonly Claim[], now: number): Promise<ClaimResult[]> {
  if (cs.length === 1) return [await claimReminder(cs[0], now)];
  if (new Set(cs.map((c) => c.memberId)).size !== cs.length) {
    throw new Error('claimReminders: one claim per member per batch (they would share a credit document)');
  }
  try {
    return await runTransaction(async (tx) => {
      const out: ClaimResult[] = [];
      for (const c of cs) {
        const id = reminderKey(c.activityId, c.memberId, c.kind);
        if (!(await takeCreditTx(tx, c.memberId, c.templateKey, now))) {
          out.push('no_credit');
          continue;
        }
        const doc: ReminderDoc = { _id: id, ...c, status: 'claimed', createdAt: now, updatedAt: now };
        if (doc.by === undefined) delete doc.by;
        // an existing row: duplicate key, the whole batch is refused and retried claim by claim
        await tx.collection('reminders').add(doc);
        out.push('claimed');
      }
      return out;
    });
  } catch (err) {
    if (
      !isDuplicateKeyError(err) &&
      !/TRANSACTION_CONFLICT/.test(String((err as { code?: unknown })?.code ?? ''))
    )
      throw err;
    const out: ClaimResult[] = [];
    for (const c of cs) out.push(await claimReminder(c, now));
    return out;
  }
}

/**
 * Gives back claims this run made but will not send (it ran out of time): each in its own short
 * transaction, the row — still `claimed`, so no message went out for it — is removed and the credit
 * it took returned; the next run claims it afresh. Answers how many were given back (a claim another
 * writer changed meanwhile is left alone).
 */
export async function unclaimReminders(cs: readonly Claim[], now: number): Promise<number> {
  const back = await Promise.all(
    cs.map(async (c) => {
      const id = reminderKey(c.activityId, c.memberId, c.kind);
      try {
        return await runTransaction(async (tx) => {
          const row = firstDoc<ReminderDoc>((await tx.collection('reminders').doc(id).get()).data);
          if (!row || row.status !== 'claimed') return false;
          await tx.collection('reminders').doc(id).remove();
          await returnCreditTx(tx, c.memberId, c.templateKey, now);
          return true;
        });
      } catch {
        // still claimed: at most once (the row says a send may have happened; never retried)
        return false;
      }
    }),
  );
  return back.filter(Boolean).length;
}

/** Marks many claimed rows `sent` in one write (served by `_id`). */
export async function recordSent(ids: readonly string[], now: number): Promise<void> {
  if (ids.length === 0) return;
  const cmd = db().command;
  await collection('reminders')
    .where({ _id: cmd.in([...ids]) })
    .update({ status: 'sent', updatedAt: now });
}

export async function recordOutcome(
  id: string,
  patch: Pick<ReminderDoc, 'status'> & Partial<Pick<ReminderDoc, 'msgid' | 'errcode' | 'errmsg'>>,
  now: number,
): Promise<void> {
  await collection('reminders')
    .doc(id)
    .update({ ...patch, updatedAt: now });
}

/** Every reminder row of an activity (served by the prefix of `activity_kind_status`). */
export async function listActivityReminders(activityId: string): Promise<ReminderDoc[]> {
  return readAll<ReminderDoc>('reminders', { activityId });
}

/** Reminder rows of one kind for several activities (served by `activity_kind_status`). */
export async function remindersOfKind(activityIds: readonly string[], kind: string): Promise<ReminderDoc[]> {
  return readIn<ReminderDoc>(
    'reminders',
    'activityId',
    activityIds,
    { kind },
    {
      _id: true,
      activityId: true,
      memberId: true,
      kind: true,
      status: true,
    },
  );
}
