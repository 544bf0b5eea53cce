import type { Role } from '../../../../types/member';

/**
 * Who holds a roster row, and what travels with it (security/REVIEW.md S-19).
 *
 * Privileged roles — `secretary`, `admin` — are given by an admin to a PERSON. A row changes hands
 * through paths a branch secretary controls (they see the staff numbers, can bind a row from a
 * second WeChat account and approve that binding themselves), so a privilege must never ride along:
 *  - when a row's holder leaves it (unbind, deletion) the row goes back to `member`
 *    (`rolesAfterHolderLeaves`), and the delegations made by or given to it end;
 *  - a binding of a row that still carries a privileged role (set by an admin on an unbound or
 *    pending row, or left over from before this rule) is approved by an admin only
 *    (`mayApproveBinding`). Rejecting it protects the row, so the branch secretary may do that.
 */
export const PRIVILEGED_ROLES: readonly Role[] = ['secretary', 'admin'];

export function carriesPrivilege(roles: readonly string[]): boolean {
  return roles.some((r) => (PRIVILEGED_ROLES as readonly string[]).includes(r));
}

/** The roles a row keeps once its holder is gone: none of the person's privileges. */
export function rolesAfterHolderLeaves(): Role[] {
  return ['member'];
}

export interface BindingApprover {
  isAdmin: boolean;
  /** the branch the approver is an active secretary of, if any */
  secretaryOf: string | null;
}

/** May this approver approve the pending binding of `row`? (The policy already admitted them.) */
export function mayApproveBinding(
  approver: BindingApprover,
  row: { branchId: string; roles: readonly string[] },
): boolean {
  if (approver.isAdmin) return true;
  if (approver.secretaryOf !== row.branchId) return false;
  return !carriesPrivilege(row.roles);
}
