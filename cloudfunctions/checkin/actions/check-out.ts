import type { TCheckOutInput, TCheckOutOutput } from '../../../types/checkin';
import { asMember } from '../../core/auth/caller';
import { DEFAULT_CHECKIN_POLICY, evaluateCheckOut, refusalError } from '../../core/domain/checkin';
import { DomainError } from '../../core/errors';
import { getActivityDoc } from '../../core/repos/activities';
import { checkinId, completeCheckout, getCheckin } from '../../core/repos/checkins';
import { getSite } from '../../core/repos/sites';
import type { ActionContext } from '../../core/router';
import { proposeStayHours } from '../../core/flows/volunteer-hours';
import { logError } from '../../core/log';

/** checkin.checkOut — docs/checkin.md ("Check-out"). A retry or a second tap counts once. */
export async function checkOut(input: TCheckOutInput, ctx: ActionContext): Promise<TCheckOutOutput> {
  const member = asMember(ctx.caller).member;
  const activity = await getActivityDoc(input.activityId);
  if (!activity) throw new DomainError('NOT_FOUND', 'no such activity');
  if (!activity.checkin.checkOut)
    throw new DomainError('CONFLICT', 'this activity has no check-out', { reason: 'checkout_disabled' });
  const id = checkinId(activity._id, member.id);
  const [record, site] = await Promise.all([
    getCheckin(id),
    activity.siteId ? getSite(activity.siteId) : Promise.resolve(null),
  ]);
  const decision = evaluateCheckOut({
    activity: { ...activity, id: activity._id },
    // record.method: a site-code check-in needed a location, so its check-out does too
    site: site ? { id: site._id, code: site.code, location: site.location, radiusM: site.radiusM } : null,
    record: record ? { ...record, status: record.status === 'revoked' ? 'rejected' : record.status } : null,
    location: input.location ?? null,
    policy: DEFAULT_CHECKIN_POLICY,
    now: ctx.now,
  });
  if (decision.kind === 'reject') throw refusalError(decision);
  if (decision.kind === 'duplicate') {
    const out: TCheckOutOutput = {
      checkinId: id,
      durationMin: decision.durationMin,
      verified: decision.verified,
    };
    const reason = record?.durationUnverifiedReason;
    if (!decision.verified) out.unverifiedReason = reason ?? 'no_location_proof';
    return out;
  }
  const stored = await completeCheckout(id, {
    checkedOutAt: decision.checkedOutAt,
    durationMin: decision.durationMin,
    durationVerified: decision.verified,
    durationUnverifiedReason: decision.unverifiedReason,
    checkoutNonce: input.nonce,
    checkoutFlags: decision.flags,
    checkoutEvidence: { location: input.location ?? null, distanceM: decision.distanceM },
    updatedAt: ctx.now,
  });
  if (activity.teamId && record) {
    // 先锋领航 event: propose the stay's hours now (docs/volunteer.md). A failure here never fails
    // the check-out: the leader's queue sweeps the event again once it has ended.
    await proposeStayHours(activity, { ...record, ...stored }, ctx.now).catch((err: unknown) =>
      logError({ requestId: ctx.requestId, fn: 'checkin', action: 'volunteer.propose' }, err),
    );
  }
  const out: TCheckOutOutput = {
    checkinId: id,
    durationMin: stored.durationMin,
    verified: stored.durationVerified,
  };
  if (!stored.durationVerified) out.unverifiedReason = stored.durationUnverifiedReason ?? 'no_location_proof';
  return out;
}
