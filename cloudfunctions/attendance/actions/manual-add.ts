import type { TManualAddInput, TManualAddOutput } from '../../../types/attendance';
import { actorId } from '../../core/auth/caller';
import { canManualAdd, isExpectedMember } from '../../core/domain/attendance';
import { DomainError } from '../../core/errors';
import { getActivityDoc } from '../../core/repos/activities';
import { appendAudit } from '../../core/repos/audit';
import {
  checkinId,
  createCheckinTx,
  getCheckin,
  updateCheckinTx,
  recordedCheckin,
} from '../../core/repos/checkins';
import { guardTx, runTransaction } from '../../core/repos/db';
import { getMember } from '../../core/repos/members';
import { markSummaryDirty } from '../../core/repos/summary-dirty';
import type { ActionContext } from '../../core/router';
import { activityFacts, requireActivity } from './common';

/**
 * 补录: the secretary records a member as present, with a reason — never themselves, not before the
 * start, not on a cancelled activity (domain/attendance/manual-add.ts). The record is `forced` with method
 * `manual`; a member's earlier pending/rejected/revoked record becomes this one (one record per
 * member and activity), an approved one answers CONFLICT. One audit entry with before and after.
 */
export async function manualAdd(input: TManualAddInput, ctx: ActionContext): Promise<TManualAddOutput> {
  const activity = await requireActivity(input.activityId);
  const may = canManualAdd(activity, ctx.caller.member?.id ?? null, input.memberId, ctx.now);
  if (!may.ok) throw new DomainError(may.code, may.message, may.details);
  const member = await getMember(input.memberId);
  if (!member || !isExpectedMember(activityFacts(activity), member)) {
    throw new DomainError('NOT_EXPECTED', 'this member is not expected at this activity');
  }
  const id = checkinId(activity._id, member.id);
  const now = ctx.now;
  const actor = actorId(ctx.caller);
  await runTransaction(async (tx) => {
    // cancelled meanwhile: the transaction reads the activity again, and writes it (guardTx) so that
    // a cancel committed after this transaction's snapshot aborts it instead of being missed
    if ((await getActivityDoc(activity._id, tx))?.status === 'cancelled') {
      throw new DomainError('ACTIVITY_CANCELLED', 'the activity was cancelled');
    }
    await guardTx(tx, 'activities', activity._id);
    const cur = await getCheckin(id, tx);
    if (cur?.status === 'approved') {
      throw new DomainError('CONFLICT', 'this member is already present', { status: cur.status });
    }
    if (cur) {
      await updateCheckinTx(
        id,
        {
          status: 'approved',
          method: 'manual',
          previousMethod: cur.method,
          forced: true,
          decidedBy: actor,
          decidedAt: now,
          reviewReason: input.reason,
          updatedAt: now,
        },
        tx,
      );
    } else {
      const doc = recordedCheckin(
        {
          activityId: activity._id,
          memberId: member.id,
          branchId: activity.branchId,
          memberName: member.name,
          method: 'manual',
        },
        now,
        { forced: true, evidence: { addedBy: actor }, reviewReason: input.reason },
      );
      await createCheckinTx(doc, tx);
    }
    await appendAudit(
      {
        actor,
        action: 'checkin.manualAdd',
        targetType: 'checkin',
        targetId: id,
        branchId: activity.branchId,
        activityId: activity._id,
        before: cur ? { status: cur.status, method: cur.method } : null,
        after: { status: 'approved', method: 'manual', forced: true },
        reason: input.reason,
        requestId: ctx.requestId,
      },
      now,
      tx,
    );
  });
  await markSummaryDirty(activity._id, activity.branchId, now, ctx.requestId);
  return { checkinId: id };
}
