import type { TActivity } from '../../../types/activity';
import { checkinWindow } from '../../core/domain/window';
import type { Caller } from '../../core/auth/caller';
import { isStaffOf } from '../../core/auth/staff';
import type { ActivityDoc } from '../../core/repos/activities';
import type { SiteDoc } from '../../core/repos/sites';

/**
 * Who reads the answer: `staff` (the activity branch's secretary or an admin) gets the site's fence
 * (centre + radius); a `member` only its name, kind and address (security/REVIEW.md S-3: the centre
 * is exactly the coordinate to type in).
 */
export type Audience = 'staff' | 'member';

/** Staff of the activity's branch (core/auth/staff.ts) read the fence. */
export function audienceOf(caller: Caller, branchId: string): Audience {
  return isStaffOf(caller, branchId) ? 'staff' : 'member';
}

/**
 * The activity as the API answers it. Built field by field from the stored document so the
 * rotating-code `secret` (and anything added to the document later) can never leak by accident.
 */
export function toActivity(
  doc: ActivityDoc,
  site: SiteDoc | null,
  audience: Audience,
  expectedCount?: number,
): TActivity {
  const window = checkinWindow(doc);
  const a: TActivity = {
    id: doc._id,
    branchId: doc.branchId,
    type: doc.type,
    title: doc.title,
    siteId: doc.siteId ?? null,
    startAt: doc.startAt,
    endAt: doc.endAt,
    status: doc.status,
    checkin: {
      opensAt: window.opensAt,
      closesAt: window.closesAt,
      proof: doc.checkin.proof,
      requireLocation: doc.checkin.requireLocation,
      approval: doc.checkin.approval,
      codePeriodSec: doc.checkin.codePeriodSec,
      checkOut: doc.checkin.checkOut,
    },
    createdAt: doc.createdAt,
  };
  if (doc.checkin.offlineGraceSec !== undefined) a.checkin.offlineGraceSec = doc.checkin.offlineGraceSec;
  if (doc.checkin.maxOfflineSec !== undefined) a.checkin.maxOfflineSec = doc.checkin.maxOfflineSec;
  if (doc.checkin.makeupDays !== undefined) a.checkin.makeupDays = doc.checkin.makeupDays;
  if (doc.cancelReason) a.cancelReason = doc.cancelReason;
  if (doc.description) a.description = doc.description;
  if (site && doc.siteId === site._id) {
    a.site = { id: site._id, name: site.name, kind: site.kind };
    if (site.address) a.site.address = site.address;
    if (audience === 'staff') {
      a.site.location = { lat: site.location.lat, lng: site.location.lng };
      a.site.radiusM = site.radiusM;
    }
  }
  if (expectedCount !== undefined) a.expectedCount = expectedCount;
  return a;
}

/** The audit snapshot of an activity: everything but the secret. */
export function auditView(doc: ActivityDoc): Omit<ActivityDoc, 'secret'> {
  const { secret: _secret, ...rest } = doc;
  return rest;
}
