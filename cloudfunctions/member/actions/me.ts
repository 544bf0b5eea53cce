import type { TMeOutput } from '../../../types/member';
import type { Caller } from '../../core/auth/caller';

/** Who am I: the caller's openid, bound roster row (any status) and effective roles. */
export function me(caller: Caller): TMeOutput {
  const m = caller.member;
  return {
    openid: caller.openid,
    member: m
      ? { id: m.id, name: m.name, branchId: m.branchId, roles: [...m.roles], status: m.status }
      : null,
    roles: [...caller.roles],
  };
}
