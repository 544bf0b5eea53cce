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
import { getMember, memberNames, unboundOpenid, updateMemberFields } from '../../core/repos/members';
import { renameMemberInCheckins } from '../../core/repos/checkins';
import { renameMemberInDelegations, revokeDelegationsTx } from '../../core/repos/delegations';
import { recordsAbout } from '../../core/repos/read/personal-data';
import { renameMemberInRequests } from '../../core/repos/requests';
import type { ActionContext } from '../../core/router';
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
  // Who the audit entries name, as a person reads it (the details list shows names, never ids):
  // the caller is 本人, a bootstrap admin without a row 管理员, everyone else by their name.
  const names: Record<string, string> = {};
  const ids = new Set<string>();
  for (const e of (records.audit ?? []) as { actor?: string; onBehalfOf?: string }[]) {
    for (const id of [e.actor, e.onBehalfOf]) if (id) ids.add(id);
  }
  const rowIds = [...ids].filter((id) => !id.startsWith('openid:') && id !== m?.id);
  const found = rowIds.length ? await memberNames(rowIds) : new Map<string, string>();
  for (const id of ids) {
    if (id === m?.id || id === `openid:${caller.openid}`) names[id] = '本人';
    else if (id.startsWith('openid:')) names[id] = '管理员';
    else names[id] = found.get(id) ?? '已注销成员';
  }
  return {
    openid: caller.openid,
    names,
    member: m
      ? {
          id: m.id,
          name: m.name,
          branchId: m.branchId,
          roles: [...m.roles],
          status: m.status,
          staffNo: m.staffNo,
          // A pending applicant typed the name and number, not the phone: the row's phone is the
          // roster's, shown only once the secretary has confirmed the applicant is that person.
          phone: m.status === 'active' ? m.phone : null,
          ...(m.status !== 'active' && m.phone ? { phoneHidden: true } : {}),
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
  // Copies of the name in attendance records first (check-ins and requests `memberName`, delegations
  // `toName`/`fromName`; not `minutes.absentees[].name` nor audit entries): idempotent, and if it
  // fails the row is still `pending deletion`, so the admin can simply repeat the call.
  await Promise.all([
    renameMemberInCheckins(member.id, DELETED_NAME),
    renameMemberInRequests(member.id, DELETED_NAME),
    renameMemberInDelegations(member.id, DELETED_NAME),
  ]);
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
