import type { ActivityStatus, ActivityType } from '../../../types/activity';
import type { CheckinSettings } from '../domain/activity/checkin-settings';
import type { ActivityFacts } from '../domain/attendance';
import { DomainError } from '../errors';
import { collection, db, firstDoc, PAGE_LIMIT, readAll, readIn, type Transaction } from './db';

/**
 * Activities as stored in `activities`. `secret` is the per-activity rotating-code secret: it never
 * leaves the server (answers are built by `toActivity` in the activity function, which drops it).
 * `checkin.opensAt/closesAt` are stored only when the secretary chose them; otherwise the window
 * follows the start (domain/window.ts defaults).
 */
export interface ActivityDoc {
  _id: string;
  branchId: string;
  type: ActivityType;
  title: string;
  siteId: string | null;
  startAt: number;
  endAt: number;
  status: ActivityStatus;
  cancelReason?: string;
  cancelledAt?: number;
  checkin: CheckinSettings;
  description?: string;
  /** An explicit invitation list; absent/null = the branch (read live, attendance/roster.ts). */
  expectedMemberIds?: string[] | null;
  /**
   * 先锋领航 events (type `volunteer`, docs/volunteer.md): the owning team. `branchId` is then the
   * pseudo-branch `team:<teamId>` that no member belongs to, and `expectedMemberIds` is the list of
   * members signed up, kept in the same transaction as `volunteer.signedUp`.
   */
  teamId?: string;
  volunteer?: { capacity: number; signedUp: number; signupClosesAt: number; hoursSweptAt?: number };
  secret: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export async function getActivityDoc(id: string, tx?: Transaction): Promise<ActivityDoc | null> {
  const res = tx
    ? await tx.collection('activities').doc(id).get()
    : await collection('activities').doc(id).get();
  return firstDoc<ActivityDoc>(res.data);
}

/** The activity's branch for authorisation (`null`: no such activity). */
export async function activityBranch(id: string): Promise<string | null> {
  const res = await collection('activities').doc(id).field({ branchId: true }).get();
  return firstDoc<{ branchId: string }>(res.data)?.branchId ?? null;
}

export async function insertActivity(doc: ActivityDoc, tx?: Transaction): Promise<void> {
  if (tx) await tx.collection('activities').add(doc);
  else await collection('activities').add(doc);
}

export async function replaceActivity(doc: ActivityDoc, tx: Transaction): Promise<void> {
  const { _id, ...rest } = doc;
  await tx.collection('activities').doc(_id).set(rest);
}

/** A branch's activities starting in [from, to], newest first, all of them (served by `branch_startAt`). */
export async function listBranchActivities(
  branchId: string,
  from: number,
  to: number,
): Promise<ActivityDoc[]> {
  const cmd = db().command;
  return readAll<ActivityDoc>('activities', { branchId, startAt: cmd.gte(from).and(cmd.lte(to)) }, [
    ['startAt', 'desc'],
    ['_id', 'desc'],
  ]);
}

/** 先锋领航 events of these teams starting in [from, to], newest first (served by `team_startAt`). */
export async function listTeamEvents(
  teamIds: readonly string[],
  from: number,
  to: number,
): Promise<ActivityDoc[]> {
  if (teamIds.length === 0) return [];
  const cmd = db().command;
  return readAll<ActivityDoc>(
    'activities',
    { teamId: cmd.in([...new Set(teamIds)]), startAt: cmd.gte(from).and(cmd.lte(to)) },
    [['startAt', 'desc']],
  );
}

/** Every team's 先锋领航 events starting in [from, to], newest first (served by `type_startAt`; admins). */
export async function listVolunteerEvents(from: number, to: number): Promise<ActivityDoc[]> {
  const cmd = db().command;
  return readAll<ActivityDoc>('activities', { type: 'volunteer', startAt: cmd.gte(from).and(cmd.lte(to)) }, [
    ['startAt', 'desc'],
  ]);
}

/** Changes only the fields named (the sign-up seat count and list, inside its transaction). */
export async function patchActivity(
  id: string,
  patch: Partial<Omit<ActivityDoc, '_id'>>,
  tx: Transaction,
): Promise<void> {
  await tx.collection('activities').doc(id).update(patch);
}

/** The pseudo-branch of a team's events: no member belongs to it (docs/volunteer.md). */
export const teamBranchId = (teamId: string) => `team:${teamId}`;

/**
 * Activities at a site that start in [from, to] (served by `site_startAt`). The check-in window of an
 * activity lies within [startAt − 1 day, startAt + 7 days] (enforced on create/update), so the handler
 * asks for starts in [at − 7 days, at + 1 day] to find every activity whose window may contain `at`.
 */
export async function listSiteActivities(siteId: string, from: number, to: number): Promise<ActivityDoc[]> {
  // every one: a shared site (a clinical-skills centre) hosts many branches' meetings in 8 days
  const cmd = db().command;
  return readAll<ActivityDoc>('activities', { siteId, startAt: cmd.gte(from).and(cmd.lte(to)) }, [
    ['startAt', 'desc'],
    ['_id', 'desc'],
  ]);
}

/** Activities by id (for a member's records), in pages of `$in` on `_id`. */
export async function getActivitiesByIds(ids: readonly string[]): Promise<ActivityDoc[]> {
  return readIn<ActivityDoc>('activities', '_id', ids);
}

/**
 * Check-in reads an activity on every scan; a warm function instance keeps what it read for
 * `ttlMs` (default 2 s), so a burst of 1,000 scans reads it a handful of times instead of 1,000.
 * Consequence, by design: a cancel or an edit reaches the check-in rule within ttlMs — the same
 * order of time as a scan already in flight when the secretary taps "取消".
 */
const cache = new Map<string, { at: number; doc: ActivityDoc | null }>();
export const ACTIVITY_CACHE_TTL_MS = 2_000;

export async function getActivityDocFresh(
  id: string,
  now: number = Date.now(),
  ttlMs: number = ACTIVITY_CACHE_TTL_MS,
): Promise<ActivityDoc | null> {
  const hit = cache.get(id);
  if (hit && now - hit.at >= 0 && now - hit.at < ttlMs) return hit.doc;
  const doc = await getActivityDoc(id);
  if (cache.size >= 200) cache.clear();
  cache.set(id, { at: now, doc });
  return doc;
}

/** Id, start and end of the activities of `status` starting in [from, to] (`status_startAt`). */
export async function activityHeadsStartingBetween(
  status: ActivityDoc['status'],
  from: number,
  to: number,
): Promise<Pick<ActivityDoc, '_id' | 'startAt' | 'endAt'>[]> {
  const cmd = db().command;
  return readAll<Pick<ActivityDoc, '_id' | 'startAt' | 'endAt'>>(
    'activities',
    { status, startAt: cmd.gte(from).and(cmd.lte(to)) },
    [['startAt', 'asc']],
    { _id: true, startAt: true, endAt: true },
  );
}

/** Activities of `status` starting in [from, to] (served by `status_startAt`). */
export async function activitiesStartingBetween(
  status: ActivityDoc['status'],
  from: number,
  to: number,
): Promise<ActivityDoc[]> {
  const cmd = db().command;
  return readAll<ActivityDoc>('activities', { status, startAt: cmd.gte(from).and(cmd.lte(to)) }, [
    ['startAt', 'asc'],
  ]);
}

/** Stored activity → the facts the attendance and reminder rules read (one mapping for both). */
export function activityFacts(a: ActivityDoc): ActivityFacts {
  return {
    id: a._id,
    branchId: a.branchId,
    type: a.type,
    title: a.title,
    startAt: a.startAt,
    endAt: a.endAt,
    status: a.status,
    siteId: a.siteId,
    integrityLecture: (a as { integrityLecture?: boolean }).integrityLecture === true,
    expectedMemberIds: a.expectedMemberIds ?? null,
    teamId: a.teamId ?? null,
  };
}

/** The stored activity, or NOT_FOUND. */
export async function requireActivity(activityId: string): Promise<ActivityDoc> {
  const a = await getActivityDoc(activityId);
  if (!a) throw new DomainError('NOT_FOUND', 'no such activity');
  return a;
}

/** The next `limit` activity ids after `cursor` in `_id` order (served by `_id`). */
export async function activityIdsAfter(cursor: string, limit: number): Promise<string[]> {
  const res = await collection('activities')
    .where({ _id: db().command.gt(cursor) })
    .orderBy('_id', 'asc')
    .field({ _id: true })
    .limit(Math.min(limit, PAGE_LIMIT))
    .get();
  return (res.data as { _id: string }[]).map((d) => d._id);
}

/** Scheduled activities starting in [from, to] with what the window rule needs (served by `status_startAt`). */
export async function scheduledStartingBetween(
  from: number,
  to: number,
): Promise<Pick<ActivityDoc, '_id' | 'branchId' | 'startAt' | 'checkin'>[]> {
  const cmd = db().command;
  return readAll(
    'activities',
    { status: 'scheduled', startAt: cmd.gte(from).and(cmd.lte(to)) },
    [['startAt', 'asc']],
    {
      _id: true,
      branchId: true,
      startAt: true,
      checkin: true,
    },
  );
}
