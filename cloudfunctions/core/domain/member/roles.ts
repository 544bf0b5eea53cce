import { ROLES, type Role } from '../../../../types/member';
import { allow, refuse, type Decision } from '../attendance/decision';

/** `member` always; the rest in the contract's order, without repeats. */
export function normaliseRoles(roles: readonly Role[]): Role[] {
  const set = new Set<Role>(['member', ...roles]);
  return ROLES.filter((r) => set.has(r));
}

/**
 * May an admin give this row these (normalised) roles? Not to a row that has left; and an admin may
 * not remove their own admin role — that could leave nobody to undo it. A bootstrap admin
 * (APP_ADMIN_OPENIDS) stays admin whatever their row holds, so for them it is no self-demotion.
 */
export function canSetRoles(
  by: { memberId: string | null; bootstrapAdmin: boolean },
  row: { id: string; status: string },
  roles: readonly Role[],
): Decision {
  if (row.status === 'left') return refuse('CONFLICT', 'the member has left');
  if (by.memberId === row.id && !by.bootstrapAdmin && !roles.includes('admin'))
    return refuse('CONFLICT', 'an admin cannot remove their own admin role');
  return allow();
}
