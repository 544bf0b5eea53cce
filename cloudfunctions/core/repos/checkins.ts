import type { CheckinFlag, CheckinMethod } from '../../../types/checkin';
import { collection, db, firstDoc, isDuplicateKeyError, readAll, readIn, type Transaction } from './db';

/**
 * Check-in records (`checkins`); see docs/checkin.md ("Nonce and duplicates"). The scan ledger
 * (`checkin_scans`) is ./checkin-scans.ts.
 *
 * - One record per (activity, member), enforced by the database twice over: the deterministic
 *   `_id` `<activityId>:<memberId>` and the unique index `activity_member_unique`. Two uploads that
 *   race past the rule's duplicate check cannot both insert; the loser reads the winner.
 * - The first answer per (member, nonce) is kept: the record itself carries the nonce of the scan
 *   that created it; an answer that created nothing (a duplicate) is kept in `checkin_scans` under
 *   the deterministic `_id` `<memberId>:<nonce>`. A retried upload gets that answer back without
 *   re-running the rule.
 */
export type CheckinStatusStored = 'approved' | 'pending' | 'rejected' | 'revoked';

export interface CheckinDoc {
  _id: string;
  activityId: string;
  memberId: string;
  branchId: string;
  memberName: string;
  status: CheckinStatusStored;
  method: CheckinMethod;
  flags: CheckinFlag[];
  /** The check-in instant (= checkedInAt); indexed for lists. */
  at: number;
  checkedInAt: number;
  nonce: string | null;
  deviceId: string | null;
  location: { lat: number; lng: number; accuracy: number } | null;
  evidence?: unknown;
  forced?: boolean;
  /** Set by a person's decision (attendance review); absent on a record the system approved. */
  decidedBy?: string | null;
  reviewReason?: string;
  checkedOutAt?: number;
  durationMin?: number;
  /**
   * Whether `durationMin` is verified (presence proven at check-out, S-18); volunteer hours count a
   * duration only when this is true AND the check-in is approved. Absent on older check-outs: not verified.
   */
  durationVerified?: boolean;
  durationUnverifiedReason?: 'no_location_proof' | 'outside_fence' | 'low_accuracy' | null;
  checkoutNonce?: string;
  checkoutFlags?: string[];
  checkoutEvidence?: unknown;
  createdAt: number;
  updatedAt: number;
}

export function checkinId(activityId: string, memberId: string): string {
  return `${activityId}:${memberId}`;
}

/**
 * An approved check-in a person recorded at `now` instead of a scan (a secretary's manual add, an
 * approved make-up): no nonce, device or location; `extra` is what the way it was recorded adds
 * (its evidence, `forced`, the reason).
 */
export function recordedCheckin(
  f: Pick<CheckinDoc, 'activityId' | 'memberId' | 'branchId' | 'memberName' | 'method'>,
  now: number,
  extra: Pick<CheckinDoc, 'evidence' | 'forced' | 'reviewReason'>,
): CheckinDoc {
  return {
    _id: checkinId(f.activityId, f.memberId),
    ...f,
    status: 'approved',
    flags: [],
    at: now,
    checkedInAt: now,
    nonce: null,
    deviceId: null,
    location: null,
    ...extra,
    createdAt: now,
    updatedAt: now,
  };
}

export async function getCheckin(id: string, tx?: Transaction): Promise<CheckinDoc | null> {
  const res = tx ? await tx.collection('checkins').doc(id).get() : await collection('checkins').doc(id).get();
  return firstDoc<CheckinDoc>(res.data);
}

/** Inserts the record; `false` when (activity, member) already has one (the database refused it). */
export async function insertCheckin(doc: CheckinDoc): Promise<boolean> {
  try {
    await collection('checkins').add(doc);
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

export interface PeerRow {
  memberId: string;
  deviceId: string | null;
  location: { lat: number; lng: number } | null;
}

/**
 * Other check-ins of the activity that share this device id or these exact coordinates — the only
 * peers the risk flags need (served by `activity_device` and `activity_location`), so the cost does
 * not grow with the size of the meeting.
 */
export async function findPeers(
  activityId: string,
  deviceId: string | null,
  location: { lat: number; lng: number } | null,
): Promise<PeerRow[]> {
  const cmd = db().command;
  const branches: Record<string, unknown>[] = [];
  if (deviceId) branches.push({ activityId, deviceId });
  if (location) branches.push({ activityId, 'location.lat': location.lat, 'location.lng': location.lng });
  if (branches.length === 0) return [];
  // One request: an $or whose every branch is served by its index.
  const res = await collection('checkins')
    .where(branches.length === 1 ? branches[0] : cmd.or(branches))
    .field({ memberId: true, deviceId: true, location: true })
    .limit(100)
    .get();
  return (res.data as CheckinDoc[]).map((d) => ({
    memberId: d.memberId,
    deviceId: d.deviceId ?? null,
    location: d.location ? { lat: d.location.lat, lng: d.location.lng } : null,
  }));
}

/** Records of one member for these activities (deterministic ids: one `_id $in` read). */
export async function getMemberCheckins(
  memberId: string,
  activityIds: readonly string[],
): Promise<CheckinDoc[]> {
  if (activityIds.length === 0) return [];
  const cmd = db().command;
  const out: CheckinDoc[] = [];
  for (let i = 0; i < activityIds.length; i += 100) {
    const ids = activityIds.slice(i, i + 100).map((a) => checkinId(a, memberId));
    const res = await collection('checkins')
      .where({ _id: cmd.in(ids) })
      .limit(100)
      .get();
    out.push(...(res.data as CheckinDoc[]));
  }
  return out;
}

/** A member's records in [from, to], newest first, every one of them (served by `member_at`). */
export async function listMemberCheckins(memberId: string, from: number, to: number): Promise<CheckinDoc[]> {
  const cmd = db().command;
  return readAll<CheckinDoc>('checkins', { memberId, at: cmd.gte(from).and(cmd.lte(to)) }, [
    ['at', 'desc'],
    ['_id', 'desc'],
  ]);
}

/** Number of records of an activity in a status (served by `activity_status_at`). */
export async function countCheckins(activityId: string, status: CheckinStatusStored): Promise<number> {
  const res = await collection('checkins').where({ activityId, status }).count();
  return (res as { total: number }).total;
}

/**
 * Every record of these activities (a branch's year of meetings for statistics and the export), in
 * `$in` chunks of 100 activities, each read to the end: the cost is the number of records / 1,000,
 * not one request per activity.
 */
export async function checkinsOfActivities(
  activityIds: readonly string[],
  projection?: Record<string, boolean>,
): Promise<CheckinDoc[]> {
  return readIn<CheckinDoc>('checkins', 'activityId', activityIds, {}, projection);
}

/** Every record of an activity, in pages ordered by member (unique per activity), served by `activity_member_unique`. */
export async function listActivityCheckins(activityId: string): Promise<CheckinDoc[]> {
  return readAll<CheckinDoc>('checkins', { activityId }, [['memberId', 'asc']]);
}

/**
 * Stores a check-out once: the update applies only while the record has none, so two racing taps
 * cannot overwrite each other; the loser answers the stored one.
 */
export async function completeCheckout(
  id: string,
  patch: Required<
    Pick<CheckinDoc, 'checkedOutAt' | 'durationMin' | 'durationVerified' | 'checkoutNonce' | 'updatedAt'>
  > &
    Pick<CheckinDoc, 'checkoutFlags' | 'checkoutEvidence' | 'durationUnverifiedReason'>,
): Promise<
  Pick<CheckinDoc, 'durationUnverifiedReason'> & {
    checkedOutAt: number;
    durationMin: number;
    durationVerified: boolean;
  }
> {
  const cmd = db().command;
  const res = await collection('checkins')
    .where({ _id: id, checkedOutAt: cmd.exists(false) })
    .update(patch);
  if ((res as { updated?: number }).updated === 1) return patch;
  const stored = await getCheckin(id);
  return {
    checkedOutAt: stored?.checkedOutAt ?? patch.checkedOutAt,
    durationMin: stored?.durationMin ?? 0,
    durationVerified: stored?.durationVerified === true,
    durationUnverifiedReason: stored?.durationUnverifiedReason ?? null,
  };
}

/** The record a scan with this nonce created, if any (served by `member_at`: one member has few records). */
export async function findCheckinByNonce(memberId: string, nonce: string): Promise<CheckinDoc | null> {
  const res = await collection('checkins').where({ memberId, nonce }).limit(1).get();
  return firstDoc<CheckinDoc>(res.data);
}

/** Pending check-ins of a branch, newest first (served by `branch_status_at`). */
export async function pendingBranchCheckins(branchId: string, limit: number): Promise<CheckinDoc[]> {
  const res = await collection('checkins')
    .where({ branchId, status: 'pending' })
    .orderBy('at', 'desc')
    .limit(limit)
    .get();
  return res.data as CheckinDoc[];
}

/** Pending check-ins of an activity, newest first (served by `activity_status_at`). */
export async function pendingActivityCheckins(activityId: string, limit: number): Promise<CheckinDoc[]> {
  const res = await collection('checkins')
    .where({ activityId, status: 'pending' })
    .orderBy('at', 'desc')
    .limit(limit)
    .get();
  return res.data as CheckinDoc[];
}

/** Check-in records by id (`_id $in`). */
export async function getCheckinsByIds(ids: readonly string[]): Promise<CheckinDoc[]> {
  return readIn<CheckinDoc>('checkins', '_id', ids);
}

/** `patch` may carry review fields beyond CheckinDoc (decidedBy, decidedAt, onBehalfOf). */
export async function updateCheckinTx(
  id: string,
  patch: Partial<CheckinDoc> | Record<string, unknown>,
  tx: Transaction,
): Promise<void> {
  await tx.collection('checkins').doc(id).update(patch);
}

/** Creates the record (deterministic id `<activityId>:<memberId>`) inside a transaction. */
export async function createCheckinTx(doc: CheckinDoc, tx: Transaction): Promise<void> {
  const { _id, ...rest } = doc;
  await tx.collection('checkins').doc(_id).set(rest);
}

/** Check-ins of these activities that count as "there" (served by `activity_status_at`). */
export async function presentCheckins(activityIds: readonly string[]): Promise<CheckinDoc[]> {
  const cmd = db().command;
  return readIn<CheckinDoc>(
    'checkins',
    'activityId',
    activityIds,
    { status: cmd.in(['approved', 'pending']) },
    { _id: true, activityId: true, memberId: true, status: true, method: true },
  );
}

/** Every record of a member, unpaged (PIPL access; served by `member_at`). */
export async function everyCheckinOf(memberId: string): Promise<CheckinDoc[]> {
  return readAll<CheckinDoc>('checkins', { memberId });
}

/** Overwrites the copied display name on a member's records (deletion; idempotent). */
export async function renameMemberInCheckins(memberId: string, name: string): Promise<void> {
  await collection('checkins').where({ memberId }).update({ memberName: name });
}
