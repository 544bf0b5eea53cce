import type { HoursKind, HoursStatus } from '../../../types/volunteer';
import { collection, firstDoc, db, isDuplicateKeyError, readAll, readIn, type Transaction } from './db';
import type { TotalsEntry } from '../domain/volunteer/totals';
import { applyTotalsTx } from './volunteer-totals';

/**
 * The hours ledger (`volunteer_hours`; docs/volunteer.md "Kinds and the ledger"). An entry is never
 * overwritten once decided: a correction is a new entry (`supersedes`) and the old one becomes
 * `superseded` (`supersededBy`), both kept with who and why. Hours are stored in hundredths (`ch`).
 * A verified entry has the deterministic id `v:<checkinId>`: one per stay, by the database.
 */
export interface HoursDoc {
  _id: string;
  kind: HoursKind;
  status: HoursStatus;
  memberId: string;
  memberName: string;
  teamId: string;
  activityId: string | null;
  checkinId?: string;
  title: string;
  /** when the service happened (event start, report date) */
  date: number;
  /** Asia/Shanghai day the hours count on (daily cap) */
  day: string;
  /** credited hundredths (after a decision) or proposed ones (pending) */
  ch: number;
  /** what the rule (verified) or the person (added, reported) proposed */
  proposedCh: number;
  flags: string[];
  checkinAt?: number;
  checkoutAt?: number | null;
  computation?: { outcome: string; overlapMin: number; eventMin: number };
  description?: string;
  evidenceFileIds?: string[];
  /** why it was added / corrected */
  reason?: string;
  createdBy: string;
  createdAt: number;
  decidedBy?: string;
  decidedAt?: number;
  decisionReason?: string;
  supersedes?: string;
  supersededBy?: string;
  updatedAt: number;
}

export const verifiedHoursId = (checkinId: string) => `v:${checkinId}`;

export async function getHours(id: string, tx?: Transaction): Promise<HoursDoc | null> {
  const res = tx
    ? await tx.collection('volunteer_hours').doc(id).get()
    : await collection('volunteer_hours').doc(id).get();
  return firstDoc<HoursDoc>(res.data);
}

/**
 * Inserts an entry; `false` when its id exists already (a verified entry proposed twice). Inside a
 * transaction the member's totals (repos/volunteer-totals.ts) change with it; outside one only an
 * entry that counts for nothing yet (pending) may be written — a confirmed one would miss the totals.
 */
export async function insertHours(doc: HoursDoc, tx?: Transaction): Promise<boolean> {
  if (!tx && doc.status === 'confirmed')
    throw new Error('a confirmed hours entry is written only in a transaction (its totals change with it)');
  try {
    if (tx) {
      await tx.collection('volunteer_hours').add(doc);
      await applyTotalsTx(tx, doc.memberId, null, doc, doc.updatedAt);
    } else await collection('volunteer_hours').add(doc);
    return true;
  } catch (err) {
    if (!tx && isDuplicateKeyError(err)) return false;
    throw err;
  }
}

/** Replaces an entry that read `before` in this transaction; the member's totals change with it. */
export async function setHours(doc: HoursDoc, tx: Transaction, before: HoursDoc): Promise<void> {
  if (before._id !== doc._id || before.memberId !== doc.memberId)
    throw new Error('setHours: before must be the same entry');
  const { _id, ...rest } = doc;
  await tx.collection('volunteer_hours').doc(_id).set(rest);
  await applyTotalsTx(tx, doc.memberId, before, doc, doc.updatedAt);
}

export async function getHoursByIds(ids: readonly string[]): Promise<HoursDoc[]> {
  return readIn<HoursDoc>('volunteer_hours', '_id', ids);
}

function all(
  where: Record<string, unknown>,
  order?: readonly [string, 'asc' | 'desc'],
  projection?: Record<string, boolean>,
): Promise<HoursDoc[]> {
  return readAll<HoursDoc>('volunteer_hours', where, order ? [order] : [], projection);
}

/** What a member's own list shows of an entry (myHours): no check-in details, flags or computation. */
export type HoursListRow = Pick<
  HoursDoc,
  | '_id'
  | 'kind'
  | 'status'
  | 'teamId'
  | 'activityId'
  | 'title'
  | 'date'
  | 'ch'
  | 'reason'
  | 'decisionReason'
  | 'supersedes'
  | 'supersededBy'
>;
const LIST_FIELDS = {
  _id: true,
  kind: true,
  status: true,
  teamId: true,
  activityId: true,
  title: true,
  date: true,
  ch: true,
  reason: true,
  decisionReason: true,
  supersedes: true,
  supersededBy: true,
};

/**
 * One page of a member's entries for their own list, only the fields shown (served by `member_date`):
 * newest first in a TOTAL order — `date` descending, then `_id` descending — so pages neither skip
 * nor repeat an entry, however many share a date. `after` is the last entry of the previous page;
 * the next page starts strictly after it (keyset, not skip: an entry added meanwhile shifts nothing).
 * Reads `limit + 1` to know whether there is more.
 */
export async function pageMemberHoursRows(
  memberId: string,
  opts: { limit: number; after?: { date: number; id: string }; from?: number; to?: number },
): Promise<{ rows: HoursListRow[]; more: boolean }> {
  const cmd = db().command;
  const from = opts.from ?? 0;
  const to = opts.to ?? Number.MAX_SAFE_INTEGER;
  let where: object;
  if (!opts.after) where = { memberId, date: cmd.gte(from).and(cmd.lte(to)) };
  else {
    const { date, id } = opts.after;
    // both branches start with memberId: each is served by `member_date`
    where = cmd.or([
      { memberId, date: cmd.gte(from).and(cmd.lt(Math.min(date, to + 1))) },
      ...(date >= from && date <= to ? [{ memberId, date, _id: cmd.lt(id) }] : []),
    ]);
  }
  const res = await collection('volunteer_hours')
    .where(where)
    .orderBy('date', 'desc')
    .orderBy('_id', 'desc')
    .field(LIST_FIELDS)
    .limit(opts.limit + 1)
    .get();
  const rows = res.data as HoursListRow[];
  return { rows: rows.slice(0, opts.limit), more: rows.length > opts.limit };
}

/** A team's entries in a status (served by `team_status_date`). */
export function listTeamHours(
  teamId: string,
  status: HoursStatus,
  from?: number,
  to?: number,
): Promise<HoursDoc[]> {
  const cmd = db().command;
  const where: Record<string, unknown> = { teamId, status };
  if (from !== undefined && to !== undefined) where.date = cmd.gte(from).and(cmd.lte(to));
  return all(where, ['date', 'desc']);
}

/** A member's entries, newest first (served by `member_date`). */
export function listMemberHours(memberId: string, from?: number, to?: number): Promise<HoursDoc[]> {
  const cmd = db().command;
  const where: Record<string, unknown> = { memberId };
  if (from !== undefined || to !== undefined) {
    where.date = cmd.gte(from ?? 0).and(cmd.lte(to ?? Number.MAX_SAFE_INTEGER));
  }
  return all(where, ['date', 'desc']);
}

/** Every entry of an event (served by `activity_member`). */
export function listEventHours(activityId: string): Promise<HoursDoc[]> {
  return all({ activityId });
}

/** A member's entries at an event (served by `activity_member`). */
export function listMemberEventHours(activityId: string, memberId: string): Promise<HoursDoc[]> {
  return all({ activityId, memberId });
}

/** A member's entries that count on a Shanghai day (served by `member_day`). */
export function listMemberDayHours(memberId: string, day: string): Promise<HoursDoc[]> {
  return all({ memberId, day });
}

/** What of an entry its member's totals depend on. */
const TOTALS_FIELDS = { kind: true, status: true, ch: true, date: true };

/** Kind, status, hundredths and date of a member's entries, optionally dated in [from, to] (served by `member_date`). */
export function listMemberTotalsEntries(
  memberId: string,
  from?: number,
  to?: number,
): Promise<TotalsEntry[]> {
  const cmd = db().command;
  const where: Record<string, unknown> = { memberId };
  if (from !== undefined || to !== undefined)
    where.date = cmd.gte(from ?? 0).and(cmd.lte(to ?? Number.MAX_SAFE_INTEGER));
  return readAll<TotalsEntry>('volunteer_hours', where, [['date', 'desc']], TOTALS_FIELDS);
}

/** A member's entries at these events, status and hundredths only (served by `activity_member`). */
export function listMemberHoursAtEvents(
  memberId: string,
  activityIds: readonly string[],
): Promise<Pick<HoursDoc, '_id' | 'activityId' | 'status' | 'ch'>[]> {
  return readIn(
    'volunteer_hours',
    'activityId',
    activityIds,
    { memberId },
    {
      _id: true,
      activityId: true,
      status: true,
      ch: true,
    },
  );
}
