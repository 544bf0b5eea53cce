import {
  ROLES,
  type Role,
  type TListMembersInput,
  type TListMembersOutput,
  type TSetRolesInput,
  type TSetRolesOutput,
} from '../../../types/member';
import { actorId } from '../../core/auth/caller';
import { isStaffOf, viewerOf } from '../../core/auth/staff';
import { delegatorMayGrant } from '../../core/domain/attendance/delegation';
import { maskPhone, maskStaffNo, maySeeContact } from '../../core/domain/member/privacy';
import { DomainError } from '../../core/errors';
import { appendAudit } from '../../core/repos/audit';
import { getBranch } from '../../core/repos/branches';
import { runTransaction } from '../../core/repos/db';
import { delegationsFrom, revokeDelegationsTx } from '../../core/repos/delegations';
import { getMember, listMembersOfBranch, updateMemberFields } from '../../core/repos/members';
import type { ActionContext } from '../../core/router';

/**
 * A branch's roster. Active members of the branch see their fellow active members with contact
 * data masked (PIPL); the branch secretary and admins see every row unmasked, in any status.
 */
export async function listMembers(input: TListMembersInput, ctx: ActionContext): Promise<TListMembersOutput> {
  const viewer = viewerOf(ctx.caller);
  const staff = isStaffOf(ctx.caller, input.branchId);
  if (!(await getBranch(input.branchId))) throw new DomainError('NOT_FOUND', 'no such branch');
  const status = staff ? input.status : 'active';
  if (!staff && input.status && input.status !== 'active') return [];
  const rows = await listMembersOfBranch(input.branchId, status);
  return rows.map((m) => {
    const open = maySeeContact(viewer, m);
    const row: TListMembersOutput[number] = {
      id: m.id,
      name: m.name,
      staffNo: open ? m.staffNo : maskStaffNo(m.staffNo),
      phone: open ? m.phone : maskPhone(m.phone),
      roles: [...m.roles],
      status: m.status,
      masked: !open,
    };
    if (m.boundAt) row.boundAt = m.boundAt;
    if (staff && m.quitRequestedAt) row.quitRequestedAt = m.quitRequestedAt;
    return row;
  });
}

/** `member` always; the rest in the contract's order, without repeats. */
export function normaliseRoles(roles: readonly Role[]): Role[] {
  const set = new Set<Role>(['member', ...roles]);
  return ROLES.filter((r) => set.has(r));
}

/** Admin: set a row's roles. `secretary` is of the row's own branch. */
export async function setRoles(input: TSetRolesInput, ctx: ActionContext): Promise<TSetRolesOutput> {
  const roles = normaliseRoles(input.roles);
  const member = await getMember(input.memberId);
  if (!member) throw new DomainError('NOT_FOUND', 'no such member');
  if (member.status === 'left') throw new DomainError('CONFLICT', 'the member has left');
  if (
    ctx.caller.member?.id === member.id &&
    ctx.caller.isAdmin &&
    !ctx.caller.bootstrapAdmin &&
    !roles.includes('admin')
  ) {
    // An admin removing their own admin role could leave nobody to undo it.
    throw new DomainError('CONFLICT', 'an admin cannot remove their own admin role');
  }
  // S-21: the member's delegations that the new roles could no longer grant end with this change.
  const after = { row: { ...member, roles }, bootstrapAdmin: false };
  const lapsing = (await delegationsFrom(member.id, ctx.now)).filter(
    (d) => !delegatorMayGrant(d.branchId, after),
  );
  await runTransaction(async (tx) => {
    const cur = await getMember(member.id, tx);
    if (!cur) throw new DomainError('NOT_FOUND', 'no such member');
    await updateMemberFields(member.id, { roles, updatedAt: ctx.now }, tx);
    await revokeDelegationsTx(
      lapsing,
      { actor: actorId(ctx.caller), reason: 'delegator_lost_role', now: ctx.now, requestId: ctx.requestId },
      tx,
    );
    await appendAudit(
      {
        actor: actorId(ctx.caller),
        action: 'member.setRoles',
        targetType: 'member',
        targetId: member.id,
        branchId: member.branchId,
        before: { roles: cur.roles },
        after: { roles },
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
  });
  return { roles };
}
