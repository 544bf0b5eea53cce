import type { HoursKind, HoursStatus } from '../../../types/volunteer';
import { collection, db, isDuplicateKeyError, readAll, readIn, type Transaction } from './db';

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

function one<T>(data: unknown): T | null {
  const d = Array.isArray(data) ? data[0] : data;
  return (d as T | undefined) ?? null;
}

export async function getHours(id: string, tx?: Transaction): Promise<HoursDoc | null> {
  const res = tx
    ? await tx.collection('volunteer_hours').doc(id).get()
    : await collection('volunteer_hours').doc(id).get();
  return one<HoursDoc>(res.data);
}

/** Inserts an entry; `false` when its id exists already (a verified entry proposed twice). */
export async function insertHours(doc: HoursDoc, tx?: Transaction): Promise<boolean> {
  try {
    if (tx) await tx.collection('volunteer_hours').add(doc);
    else await collection('volunteer_hours').add(doc);
    return true;
  } catch (err) {
    if (!tx && isDuplicateKeyError(err)) return false;
    throw err;
  }
}

export async function setHours(doc: HoursDoc, tx: Transaction): Promise<void> {
  const { _id, ...rest } = doc;
  await tx.collection('volunteer_hours').doc(_id).set(rest);
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

/** A member's entries for their own list, newest first (served by `member_date`), only the fields shown. */
export function listMemberHoursRows(memberId: string): Promise<HoursListRow[]> {
  return all({ memberId }, ['date', 'desc'], LIST_FIELDS);
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
