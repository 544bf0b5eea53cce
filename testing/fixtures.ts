import type { LocalCloudHandle } from './cloud';
import { newActivitySecret } from '../cloudfunctions/core/domain/rotating-code';
import { shanghaiDay } from '../cloudfunctions/core/domain/volunteer';
import type { HoursDoc } from '../cloudfunctions/core/repos/volunteer-hours';

/**
 * Stored documents for end-to-end function tests (attendance, reminder), in the shapes of
 * cloudfunctions/core/repos, written straight through the real SDK. Times are relative to the
 * test file's `t0`; members are `o_<id>`, bound 100 days before it.
 */
const HOUR = 3600_000;
const DAY = 24 * HOUR;

export type Doc = Record<string, unknown> & { _id: string };

/** An active roster row of `branchId`; `extra` overrides or adds fields (phone, status, …). */
export function memberDoc(
  t0: number,
  id: string,
  branchId: string,
  roles: string[] = ['member'],
  extra: object = {},
) {
  return {
    _id: id,
    branchId,
    name: `成员${id}`,
    staffNo: `S_${id}`,
    phone: null as string | null,
    openid: `o_${id}`,
    status: 'active',
    roles,
    boundAt: t0 - 100 * DAY,
    createdAt: t0 - 100 * DAY,
    updatedAt: t0 - 100 * DAY,
    ...extra,
  };
}

/**
 * A volunteer-hours entry of `memberId` in `teamId` as the member reports it: pending, `hours` for
 * the Shanghai day of `date`, written by the member at t0; `extra` overrides or adds fields (kind,
 * status, evidence, …).
 */
export function hoursDoc(
  t0: number,
  id: string,
  memberId: string,
  teamId: string,
  date: number,
  hours: number,
  extra: Partial<HoursDoc> = {},
): HoursDoc {
  return {
    _id: id,
    kind: 'reported',
    status: 'pending',
    memberId,
    memberName: memberId,
    teamId,
    activityId: null,
    title: '志愿服务',
    date,
    day: shanghaiDay(date),
    ch: Math.round(hours * 100),
    proposedCh: Math.round(hours * 100),
    flags: [],
    createdBy: memberId,
    createdAt: t0,
    updatedAt: t0,
    ...extra,
  };
}

export interface ActivityOpts {
  type?: string;
  title: string;
  approval: string;
}

/** A scheduled one-hour activity created by `sec` 10 days before t0, rotating code, no location. */
export function activityDoc(
  t0: number,
  id: string,
  startAt: number,
  branchId: string,
  o: ActivityOpts,
  extra: object = {},
) {
  return {
    _id: id,
    branchId,
    type: o.type ?? 'group_meeting',
    title: o.title,
    siteId: null,
    startAt,
    endAt: startAt + HOUR,
    status: 'scheduled',
    checkin: {
      proof: 'rotating',
      requireLocation: false,
      approval: o.approval,
      codePeriodSec: 15,
      checkOut: false,
    },
    // a valid activity secret (32 bytes, base64url) so a rotating code can be minted from it
    secret: Buffer.alloc(32, 7).toString('base64url'),
    createdBy: 'sec',
    createdAt: t0 - 10 * DAY,
    updatedAt: t0 - 10 * DAY,
    ...extra,
  };
}

/** Branches `支部<id>` of 医学院. */
export async function addBranches(cloud: LocalCloudHandle, t0: number, ids: string[]): Promise<void> {
  for (const b of ids)
    await cloud
      .db()
      .collection('branches')
      .add({ _id: b, name: `支部${b}`, college: '医学院', createdAt: t0, updatedAt: t0 });
}

/** Many documents into `coll`, 500 to a bulk add (a test's bulk data past the 1,000-document cut). */
export async function addInPages(cloud: LocalCloudHandle, coll: string, docs: object[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 500)
    await cloud
      .db()
      .collection(coll)
      .add(docs.slice(i, i + 500));
}

/** The documents of `coll` matching `where` (up to 1000), by `_id`. */
export async function allWhere(
  cloud: LocalCloudHandle,
  coll: string,
  where: Record<string, unknown>,
): Promise<Doc[]> {
  const res = await cloud.db().collection(coll).where(where).limit(1000).get();
  return (res.data as Doc[]).sort((a, b) => a._id.localeCompare(b._id));
}

/**
 * A branch `branchId` with its secretary `sec` and the active members `memberIds`, and the
 * scheduled activity `meet` of `activityDoc` at `startAt` holding a real code secret, so the
 * secretary's display shows codes a member can check in with.
 */
export async function addMeetingBranch(
  cloud: LocalCloudHandle,
  t0: number,
  o: { branchId?: string; memberIds: readonly string[]; startAt: number; activity: ActivityOpts },
): Promise<void> {
  const branchId = o.branchId ?? 'b1';
  const db = cloud.db();
  await addBranches(cloud, t0, [branchId]);
  await db.collection('members').add(memberDoc(t0, 'sec', branchId, ['member', 'secretary']));
  for (const id of o.memberIds) await db.collection('members').add(memberDoc(t0, id, branchId));
  await db
    .collection('activities')
    .add(activityDoc(t0, 'meet', o.startAt, branchId, o.activity, { secret: newActivitySecret() }));
}
