import type {
  TCompleteDeletionInput,
  TCompleteDeletionOutput,
  TMyDataOutput,
  TRequestDeletionInput,
  TRequestDeletionOutput,
} from '../../../types/member';
import { actorId, type Caller } from '../../core/auth/caller';
import { rolesAfterHolderLeaves } from '../../core/domain/member/holder';
import { DomainError } from '../../core/errors';
import { appendAudit } from '../../core/repos/audit';
import { bindingsOfMember, bindingsOfOpenid, updateBinding } from '../../core/repos/bindings';
import { runTransaction } from '../../core/repos/db';
import { getMember, unboundOpenid, updateMemberFields } from '../../core/repos/members';
import { recordsAbout, replaceCopiedName } from '../../core/repos/personal-data';
import type { ActionContext } from '../../core/router';
import { revokeDelegationsTx } from '../../core/repos/delegations';
import { bindThrottleKey, delegationsOfHolder } from './binding';

/**
 * PIPL right of access: everything stored about the caller — their roster row unmasked, every
 * binding request, audit entries about or by them, and their records in the other collections.
 */
export async function myData(caller: Caller): Promise<TMyDataOutput> {
  const m = caller.member;
  const records = await recordsAbout({
    openid: caller.openid,
    memberId: m?.id ?? null,
    throttleKeys: [bindThrottleKey(caller.openid)],
  });
  return {
    openid: caller.openid,
    member: m
      ? {
          id: m.id,
          name: m.name,
          branchId: m.branchId,
          roles: [...m.roles],
          status: m.status,
          staffNo: m.staffNo,
          phone: m.phone,
          ...(m.boundAt ? { boundAt: m.boundAt } : {}),
          ...(m.quitRequestedAt ? { quitRequestedAt: m.quitRequestedAt } : {}),
        }
      : null,
    records,
  };
}

/** A member asks to leave the system; an admin completes it (completeDeletion). */
export async function requestDeletion(
  input: TRequestDeletionInput,
  ctx: ActionContext,
): Promise<TRequestDeletionOutput> {
  const me = ctx.caller.member;
  if (!me) throw new DomainError('NOT_BOUND', 'no roster row');
  if (me.quitRequestedAt) return { quitRequestedAt: me.quitRequestedAt };
  await runTransaction(async (tx) => {
    await updateMemberFields(
      me.id,
      { quitRequestedAt: ctx.now, quitReason: input.reason ?? null, updatedAt: ctx.now },
      tx,
    );
    await appendAudit(
      {
        actor: actorId(ctx.caller),
        action: 'member.requestDeletion',
        targetType: 'member',
        targetId: me.id,
        branchId: me.branchId,
        after: { quitRequestedAt: ctx.now },
        reason: input.reason,
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
  });
  return { quitRequestedAt: ctx.now };
}

const DELETED_NAME = '已注销';

/**
 * Admin completes a deletion request: the row is anonymised (name, staff number, phone, openid
 * gone; status `left`), the copies of the name in check-ins, requests and delegations are
 * overwritten, and the binding requests lose the openid. Ids stay, so attendance history
 * and the audit trail remain consistent (minutes absentee lists and delegation audit entries
 * still copy names: security/REVIEW.md S-7).
 */
export async function completeDeletion(
  input: TCompleteDeletionInput,
  ctx: ActionContext,
): Promise<TCompleteDeletionOutput> {
  const member = await getMember(input.memberId);
  if (!member) throw new DomainError('NOT_FOUND', 'no such member');
  if (member.status === 'left') throw new DomainError('CONFLICT', 'already deleted');
  if (!member.quitRequestedAt) throw new DomainError('CONFLICT', 'the member has not asked to be deleted');
  const bindings = await bindingsOfMember(member.id, 100);
  const byOpenid = member.openid ? await bindingsOfOpenid(member.openid, 100) : [];
  const ids = new Set([...bindings, ...byOpenid].map((b) => b._id));
  const delegations = await delegationsOfHolder(member.id, ctx.now);
  // Copies of the name in attendance records first: idempotent, and if it fails the row is still
  // `pending deletion`, so the admin can simply repeat the call.
  await replaceCopiedName(member.id, DELETED_NAME);
  await runTransaction(async (tx) => {
    await updateMemberFields(
      member.id,
      {
        name: DELETED_NAME,
        staffNo: `deleted:${member.id}`,
        phone: null,
        openid: unboundOpenid(member.id),
        status: 'left',
        roles: rolesAfterHolderLeaves(),
        quitReason: null,
        updatedAt: ctx.now,
      },
      tx,
    );
    for (const id of ids) await updateBinding(id, { openid: `deleted:${member.id}`, updatedAt: ctx.now }, tx);
    // the person is gone: so are the powers they lent and were lent (S-19, S-21)
    await revokeDelegationsTx(
      delegations,
      { actor: actorId(ctx.caller), reason: 'holder_left', now: ctx.now, requestId: ctx.requestId },
      tx,
    );
    await appendAudit(
      {
        actor: actorId(ctx.caller),
        action: 'member.completeDeletion',
        targetType: 'member',
        targetId: member.id,
        branchId: member.branchId,
        before: { status: member.status },
        after: { status: 'left', anonymised: true },
        reason: input.reason,
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
  });
  return { status: 'left' };
}
