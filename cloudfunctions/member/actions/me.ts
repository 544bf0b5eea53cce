import type { TBindingState, TMeOutput } from '../../../types/member';
import type { Caller } from '../../core/auth/caller';
import { bindingsOfOpenid } from '../../core/repos/bindings';

/**
 * Who am I: the caller's openid, bound roster row (any status) and effective roles; while not
 * active, the latest binding request (so the binding page shows "pending" or the rejection reason).
 */
export async function me(caller: Caller): Promise<TMeOutput> {
  const m = caller.member;
  const out: TMeOutput = {
    openid: caller.openid,
    member: m
      ? { id: m.id, name: m.name, branchId: m.branchId, roles: [...m.roles], status: m.status }
      : null,
    roles: [...caller.roles],
  };
  if (!m || m.status !== 'active') {
    const [latest] = await bindingsOfOpenid(caller.openid, 1);
    if (latest) {
      const b: TBindingState = {
        id: latest._id,
        memberId: latest.memberId,
        branchId: latest.branchId,
        status: latest.status,
        createdAt: latest.createdAt,
      };
      if (latest.reason) b.reason = latest.reason;
      if (latest.decidedAt) b.decidedAt = latest.decidedAt;
      out.binding = b;
    }
  }
  return out;
}
