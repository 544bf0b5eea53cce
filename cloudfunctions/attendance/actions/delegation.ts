import type {
  TDelegateInput,
  TDelegateOutput,
  TDelegation,
  TListDelegationsInput,
  TListDelegationsOutput,
  TRevokeDelegationInput,
  TRevokeDelegationOutput,
} from '../../../types/attendance';
import { actorId, isMemberCaller } from '../../core/auth/caller';
import { isStaffOf } from '../../core/auth/staff';
import { canDelegate, delegationStatus, type DelegationFacts } from '../../core/domain/attendance';
import { DomainError, invalid } from '../../core/errors';
import { appendAudit } from '../../core/repos/audit';
import { newId, runTransaction } from '../../core/repos/db';
import {
  branchDelegations,
  delegationsTo,
  getDelegation,
  insertDelegation,
  updateDelegation,
  type DelegationDoc,
} from '../../core/repos/delegations';
import { getMember } from '../../core/repos/members';
import type { ActionContext } from '../../core/router';
import { delegationFacts, delegationsWithStanding } from './common';

/** How long an ended delegation stays in the lists (both sides still see it for a while). */
const SHOW_ENDED_MS = 30 * 24 * 3600 * 1000;

function toDelegation(d: DelegationDoc, facts: DelegationFacts, now: number): TDelegation {
  const out: TDelegation = {
    id: d._id,
    branchId: d.branchId,
    fromMemberId: d.fromMemberId,
    toMemberId: d.toMemberId,
    from: d.from,
    to: d.to,
    // a delegation whose delegator lost the role reads as revoked (S-21)
    status: delegationStatus(facts, now),
  };
  if (d.fromName) out.fromName = d.fromName;
  if (d.toName) out.toName = d.toName;
  return out;
}

/**
 * A secretary (or admin) lets an active member of the branch approve its attendance for `[from, to)`.
 * It expires by itself; decisions made under it record the delegate as actor and the secretary as
 * `onBehalfOf`, so the audit names both. The delegation itself is one audit entry naming both.
 */
export async function delegate(input: TDelegateInput, ctx: ActionContext): Promise<TDelegateOutput> {
  const to = await getMember(input.toMemberId);
  if (!to) {
    throw invalid('payload.toMemberId', 'no such member');
  }
  const actor = actorId(ctx.caller);
  const d = canDelegate(actor, input.branchId, to, { from: input.from, to: input.to }, ctx.now);
  if (!d.ok) throw new DomainError(d.code, d.message, d.details);
  const doc: DelegationDoc = {
    _id: newId(),
    branchId: input.branchId,
    fromMemberId: actor,
    fromName: ctx.caller.member?.name,
    toMemberId: to.id,
    toName: to.name,
    from: input.from,
    to: input.to,
    reason: input.reason ?? null,
    revokedAt: null,
    createdAt: ctx.now,
    createdBy: actor,
  };
  await runTransaction(async (tx) => {
    await insertDelegation(doc, tx);
    await appendAudit(
      {
        actor,
        action: 'delegation.create',
        targetType: 'delegation',
        targetId: doc._id,
        branchId: doc.branchId,
        // ids only: the audit view resolves names when read (a deleted member's name is not kept)
        after: { fromMemberId: actor, toMemberId: to.id, from: doc.from, to: doc.to },
        reason: input.reason,
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
  });
  return { id: doc._id };
}

export async function revokeDelegation(
  input: TRevokeDelegationInput,
  ctx: ActionContext,
): Promise<TRevokeDelegationOutput> {
  const actor = actorId(ctx.caller);
  await runTransaction(async (tx) => {
    const cur = await getDelegation(input.delegationId, tx);
    if (!cur) throw new DomainError('NOT_FOUND', 'no such delegation');
    const status = delegationStatus(delegationFacts(cur), ctx.now);
    if (status === 'revoked' || status === 'expired') {
      throw new DomainError('CONFLICT', `the delegation is already ${status}`, { status });
    }
    await updateDelegation(cur._id, { revokedAt: ctx.now, revokedBy: actor }, tx);
    await appendAudit(
      {
        actor,
        action: 'delegation.revoke',
        targetType: 'delegation',
        targetId: cur._id,
        branchId: cur.branchId,
        before: { status, toMemberId: cur.toMemberId },
        after: { status: 'revoked', toMemberId: cur.toMemberId },
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
  });
  return { status: 'revoked' };
}

/**
 * Both sides see a delegation: the branch's secretary (and admins) list the branch's; any other
 * member lists the ones given to them. Ended ones stay visible for 30 days.
 */
export async function listDelegations(
  input: TListDelegationsInput,
  ctx: ActionContext,
): Promise<TListDelegationsOutput> {
  const { caller, now } = ctx;
  const since = now - SHOW_ENDED_MS;
  const branchId = input.branchId ?? caller.branchId;
  let docs: DelegationDoc[];
  if (branchId && isStaffOf(caller, branchId)) docs = await branchDelegations(branchId, since);
  else if (isMemberCaller(caller)) docs = await delegationsTo(caller.member.id, since);
  else docs = [];
  const facts = await delegationsWithStanding(docs);
  return docs.map((d, i) => toDelegation(d, facts[i], now)).sort((a, b) => b.to - a.to);
}
