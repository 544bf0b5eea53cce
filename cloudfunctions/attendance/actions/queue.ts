import type { TQueueInput, TQueueItem, TQueueOutput } from '../../../types/attendance';
import type { CheckinFlag, CheckinMethod } from '../../../types/checkin';
import { isStaffOf } from '../../core/auth/staff';
import { coarseDistanceM } from '../../core/domain/geo';
import { DomainError, invalid } from '../../core/errors';
import { getActivitiesByIds, getActivityDoc } from '../../core/repos/activities';
import { type CheckinDoc, pendingActivityCheckins, pendingBranchCheckins } from '../../core/repos/checkins';
import { pendingActivityRequests, pendingBranchRequests, type RequestDoc } from '../../core/repos/requests';
import type { ActionContext } from '../../core/router';

/** What the check-in rule recorded as evidence (docs/checkin.md); only what the secretary weighs. */
interface StoredEvidence {
  distanceM?: number | null;
  location?: { accuracy?: number } | null;
  deviceId?: string | null;
  claimedScannedAt?: number | null;
  judgedAt?: number;
}

/**
 * `fence`: the caller is the branch's staff (secretary, admin), who manage the site and see its
 * geometry; a delegate is a member and sees distances coarsely, like any member (S-20).
 */
function checkinItem(c: CheckinDoc, fence: boolean): TQueueItem {
  const ev = (c.evidence ?? {}) as StoredEvidence;
  const evidence: NonNullable<TQueueItem['evidence']> = { method: c.method as CheckinMethod };
  if (typeof ev.distanceM === 'number')
    evidence.distanceM = fence ? Math.round(ev.distanceM) : coarseDistanceM(ev.distanceM);
  const accuracy = c.location?.accuracy ?? ev.location?.accuracy;
  if (typeof accuracy === 'number') evidence.accuracy = accuracy;
  const device = c.deviceId ?? ev.deviceId;
  if (device) evidence.deviceId = device;
  evidence.scannedAt = ev.claimedScannedAt ?? c.checkedInAt ?? c.at;
  return {
    id: c._id,
    kind: 'checkin',
    activityId: c.activityId,
    memberId: c.memberId,
    memberName: c.memberName,
    at: c.at,
    flags: (c.flags ?? []) as CheckinFlag[],
    evidence,
  };
}

function requestItem(r: RequestDoc): TQueueItem {
  return {
    id: r._id,
    kind: r.kind,
    activityId: r.activityId,
    memberId: r.memberId,
    memberName: r.memberName,
    at: r.createdAt,
    flags: [],
    reason: r.reason,
  };
}

/**
 * The secretary's one queue: pending check-ins (flags + evidence), leave and make-up requests of a
 * branch (or one activity), newest first. Authorisation (branch secretary, admin, active delegate)
 * ran in the policy, on the branch this payload names.
 */
export async function queue(input: TQueueInput, ctx: ActionContext): Promise<TQueueOutput> {
  const limit = input.limit ?? 200;
  let checkins: CheckinDoc[];
  let requests: RequestDoc[];
  if (input.activityId) {
    const a = await getActivityDoc(input.activityId);
    if (!a) throw new DomainError('NOT_FOUND', 'no such activity');
    if (input.branchId && a.branchId !== input.branchId)
      throw new DomainError('NOT_FOUND', 'no such activity');
    [checkins, requests] = await Promise.all([
      input.kind && input.kind !== 'checkin' ? [] : pendingActivityCheckins(a._id, limit),
      input.kind === 'checkin' ? [] : pendingActivityRequests(a._id, limit),
    ]);
  } else {
    const branchId = input.branchId ?? ctx.caller.branchId;
    if (!branchId) {
      throw invalid('payload.branchId', 'required for a caller without a branch');
    }
    [checkins, requests] = await Promise.all([
      input.kind && input.kind !== 'checkin' ? [] : pendingBranchCheckins(branchId, limit),
      input.kind === 'checkin' ? [] : pendingBranchRequests(branchId, limit),
    ]);
  }
  const items = [
    ...checkins.map((c) => checkinItem(c, isStaffOf(ctx.caller, c.branchId))),
    ...requests.filter((r) => !input.kind || r.kind === input.kind).map(requestItem),
  ]
    .sort((a, b) => b.at - a.at || a.id.localeCompare(b.id))
    .slice(0, limit);
  const titles = new Map(
    (await getActivitiesByIds(items.map((i) => i.activityId))).map((a) => [a._id, a.title]),
  );
  return items.map((i) => {
    const t = titles.get(i.activityId);
    return t ? { ...i, activityTitle: t } : i;
  });
}
