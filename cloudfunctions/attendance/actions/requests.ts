import type {
  TMyRequestsInput,
  TMyRequestsOutput,
  TRequestItem,
  TRequestLeaveInput,
  TRequestLeaveOutput,
  TRequestMakeupInput,
  TRequestMakeupOutput,
  TWithdrawRequestInput,
  TWithdrawRequestOutput,
} from '../../../types/attendance';
import { actorId } from '../../core/auth/caller';
import {
  canRequestLeave,
  canRequestMakeup,
  canWithdrawRequest,
  isExpectedMember,
  makeupPolicyOf,
  type Decision,
} from '../../core/domain/attendance';
import { checkinWindow } from '../../core/domain/window';
import { DomainError } from '../../core/errors';
import type { ActivityDoc } from '../../core/repos/activities';
import { appendAudit } from '../../core/repos/audit';
import { checkinId, getCheckin } from '../../core/repos/checkins';
import { isDuplicateKeyError, runTransaction } from '../../core/repos/db';
import {
  getRequest,
  insertRequestTx,
  listMemberRequests,
  memberActivityRequests,
  requestId,
  updateRequest,
  type RequestDoc,
} from '../../core/repos/requests';
import { markSummaryDirty } from '../../core/repos/summary-dirty';
import { asMember, type MemberCaller } from '../../core/auth/caller';
import type { ActionContext } from '../../core/router';
import { activityFacts, requireActivity } from './common';

function orThrow(d: Decision): void {
  if (!d.ok) throw new DomainError(d.code, d.message, d.details);
}

/**
 * A member asks for leave (请假) or a make-up (补签). The timing rule is the domain's
 * (domain/attendance/requests.ts); here: the member must be expected, must not already have a
 * check-in that counts or waits, nor an open request of the same kind. One audit entry per request.
 */
async function submit(
  kind: 'leave' | 'makeup',
  activity: ActivityDoc,
  reason: string,
  ctx: ActionContext,
): Promise<{ id: string; status: 'pending' }> {
  const member = asMember(ctx.caller).member;
  if (!isExpectedMember(activityFacts(activity), { ...member, id: member.id })) {
    throw new DomainError('NOT_EXPECTED', 'you are not expected at this activity');
  }
  const checkin = await getCheckin(checkinId(activity._id, member.id));
  if (checkin && (checkin.status === 'approved' || checkin.status === 'pending')) {
    throw new DomainError('CONFLICT', 'you already have a check-in for this activity', {
      checkinStatus: checkin.status,
    });
  }
  const earlier = await memberActivityRequests(activity._id, member.id, kind);
  const open = earlier.find((r) => r.status === 'pending' || r.status === 'approved');
  if (open) {
    throw new DomainError('CONFLICT', `you already asked (${open.status})`, {
      id: open._id,
      status: open.status,
    });
  }
  const now = ctx.now;
  const doc: RequestDoc = {
    _id: requestId(activity._id, member.id, kind, earlier.length + 1),
    kind,
    activityId: activity._id,
    branchId: activity.branchId,
    memberId: member.id,
    memberName: member.name,
    status: 'pending',
    reason,
    createdAt: now,
    updatedAt: now,
  };
  try {
    const inserted = await runTransaction(async (tx) => {
      if (!(await insertRequestTx(doc, tx))) return false;
      await appendAudit(
        {
          actor: actorId(ctx.caller),
          action: `request.${kind}`,
          targetType: kind,
          targetId: doc._id,
          branchId: activity.branchId,
          activityId: activity._id,
          after: { status: 'pending' },
          reason,
          requestId: ctx.requestId,
        },
        now,
        tx,
      );
      return true;
    });
    if (!inserted) throw new DomainError('CONFLICT', 'a request was just submitted');
  } catch (err) {
    if (isDuplicateKeyError(err)) throw new DomainError('CONFLICT', 'a request was just submitted');
    throw err;
  }
  await markSummaryDirty(activity._id, activity.branchId, now, ctx.requestId);
  return { id: doc._id, status: 'pending' };
}

export async function requestLeave(
  input: TRequestLeaveInput,
  ctx: ActionContext,
): Promise<TRequestLeaveOutput> {
  asMember(ctx.caller);
  const activity = await requireActivity(input.activityId);
  orThrow(canRequestLeave(activity, ctx.now));
  return submit('leave', activity, input.reason, ctx);
}

export async function requestMakeup(
  input: TRequestMakeupInput,
  ctx: ActionContext,
): Promise<TRequestMakeupOutput> {
  asMember(ctx.caller);
  const activity = await requireActivity(input.activityId);
  orThrow(canRequestMakeup(activity, checkinWindow(activity), ctx.now, makeupPolicyOf(activity)));
  return submit('makeup', activity, input.reason, ctx);
}

/** The caller's own requests with the outcome and the secretary's reason, newest first. */
export async function myRequests(
  input: TMyRequestsInput,
  ctx: ActionContext<MemberCaller>,
): Promise<TMyRequestsOutput> {
  const docs = await listMemberRequests(ctx.caller.member.id);
  return docs
    .filter((r) => !input.activityId || r.activityId === input.activityId)
    .map((r) => {
      const item: TRequestItem = {
        id: r._id,
        kind: r.kind,
        activityId: r.activityId,
        status: r.status,
        reason: r.reason,
        createdAt: r.createdAt,
      };
      if (r.reviewReason) item.reviewReason = r.reviewReason;
      if (r.decidedAt) item.decidedAt = r.decidedAt;
      return item;
    });
}

/**
 * 撤回: the member takes back their own pending request (domain/attendance/requests.ts
 * canWithdrawRequest). Re-checked inside the transaction, so a secretary deciding at the same moment
 * and the member withdrawing cannot both win: whichever commits second sees the other's status.
 */
export async function withdrawRequest(
  input: TWithdrawRequestInput,
  ctx: ActionContext<MemberCaller>,
): Promise<TWithdrawRequestOutput> {
  const memberId = ctx.caller.member.id;
  const now = ctx.now;
  const found = await getRequest(input.id);
  if (!found) throw new DomainError('NOT_FOUND', 'no such request');
  orThrow(canWithdrawRequest(found, memberId));
  await runTransaction(async (tx) => {
    const cur = await getRequest(input.id, tx);
    if (!cur) throw new DomainError('NOT_FOUND', 'no such request');
    orThrow(canWithdrawRequest(cur, memberId));
    await updateRequest(cur._id, { status: 'withdrawn', decidedAt: now, updatedAt: now }, tx);
    await appendAudit(
      {
        actor: actorId(ctx.caller),
        action: 'request.withdraw',
        targetType: cur.kind,
        targetId: cur._id,
        branchId: cur.branchId,
        activityId: cur.activityId,
        before: { status: 'pending' },
        after: { status: 'withdrawn' },
        requestId: ctx.requestId,
      },
      now,
      tx,
    );
  });
  await markSummaryDirty(found.activityId, found.branchId, now, ctx.requestId);
  return { id: found._id, status: 'withdrawn' };
}
