import type { Viewer } from '../domain/member/privacy';
import type { Caller } from './caller';

/**
 * The one "staff of this branch" rule: an admin is staff of every branch; a secretary only of the
 * branch of their own active roster row. The policies (policy.ts `can`) decide with it, and so does
 * every handler that shapes an answer by who reads it (unmasked contact data, a site's fence, the
 * branch's delegations).
 */

/** The branch the caller is the active secretary of, else null. */
export function secretaryOf(caller: Caller): string | null {
  return caller.active && caller.roles.includes('secretary') ? caller.branchId : null;
}

/** Whether the caller is staff of `branchId`: an admin, or that branch's active secretary. */
export function isStaffOf(caller: Caller, branchId: string | null): boolean {
  if (caller.isAdmin) return true;
  return branchId !== null && secretaryOf(caller) === branchId;
}

/** The caller as the privacy rules (domain/member/privacy.ts) see them. */
export function viewerOf(caller: Caller): Viewer {
  return { memberId: caller.member?.id ?? null, isAdmin: caller.isAdmin, secretaryOf: secretaryOf(caller) };
}
