import type { MemberStatus, Role } from '../../../types/member';
import { DomainError } from '../errors';
import { findMemberByOpenid, type MemberRecord } from '../repos/members';

/** The caller of one invocation, as every policy and handler sees it. */
export interface Caller {
  /** '' for an anonymous invocation (no WeChat user in the platform context). */
  openid: string;
  /** The roster row bound to this openid, in any status (pending, active, left). */
  member: MemberRecord | null;
  /** True when the row is `active`: only active members act as members/secretaries. */
  active: boolean;
  /** Branch of the active member, else null. */
  branchId: string | null;
  /** Effective roles: the active row's roles, plus `admin` for a bootstrap admin. */
  roles: Role[];
  isAdmin: boolean;
  /** Whether `admin` comes from APP_ADMIN_OPENIDS (bootstrap) rather than the roster row. */
  bootstrapAdmin: boolean;
}

/**
 * What a passed policy guarantees about the caller (core/auth/policy.ts `CallerOf`): a handler
 * declares the one it needs in `ActionContext<…>` and the router refuses, at compile time, a
 * registration whose policy does not guarantee it.
 */
/** An active member (row bound and `active`): what `{ member: true }` lets through. */
export interface MemberCaller extends Caller {
  member: MemberRecord;
  active: true;
  branchId: string;
}

/**
 * A caller whose roster row is bound to this openid and active, or pending the secretary's review:
 * what `{ bound: true }` lets through (core/auth/policy.ts).
 */
export interface BoundCaller extends Caller {
  member: MemberRecord;
}

/** An admin, from the roster row or APP_ADMIN_OPENIDS (then possibly with no row at all). */
export interface AdminCaller extends Caller {
  isAdmin: true;
}

/**
 * What a staff policy (`roles`) or a branch-scoped member policy lets through: an admin, or an
 * active member (the branch's secretary, a member of that branch, or a delegate via `alsoAllow`).
 */
export type StaffCaller = MemberCaller | AdminCaller;

export function isMemberCaller(caller: Caller): caller is MemberCaller {
  return caller.active && caller.member !== null && caller.branchId !== null;
}

/**
 * The caller acting as a member (asking for leave, checking out). A branch-scoped policy lets admins
 * through for any branch, as for reads; only an active member can act as one: an admin without an
 * active row answers NOT_BOUND.
 */
export function asMember(caller: Caller): MemberCaller {
  if (!isMemberCaller(caller)) {
    throw new DomainError('NOT_BOUND', 'no active member is bound to this WeChat user');
  }
  return caller;
}

/** Openids that are always admins (`APP_ADMIN_OPENIDS=o_a,o_b`, from cloudbaserc.json / the emulator). */
export function bootstrapAdminOpenids(env: NodeJS.ProcessEnv = process.env): Set<string> {
  return new Set(
    (env.APP_ADMIN_OPENIDS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/** Pure: the caller from an openid, its roster row and the bootstrap list. */
export function callerFrom(openid: string, member: MemberRecord | null, admins: Set<string>): Caller {
  const active = member !== null && member.status === ('active' satisfies MemberStatus);
  const roles = new Set<Role>();
  if (active) {
    roles.add('member');
    for (const r of member.roles) roles.add(r);
  }
  const bootstrapAdmin = openid !== '' && admins.has(openid);
  if (bootstrapAdmin) roles.add('admin');
  return {
    openid,
    member,
    active,
    branchId: active ? member.branchId : null,
    roles: [...roles],
    isAdmin: roles.has('admin'),
    bootstrapAdmin,
  };
}

export const ANONYMOUS: Caller = Object.freeze(callerFrom('', null, new Set())) as Caller;

/** Loads the caller's roster row by openid (one indexed read) and applies the bootstrap admins. */
export async function resolveCaller(openid: string, env: NodeJS.ProcessEnv = process.env): Promise<Caller> {
  if (!openid) return ANONYMOUS;
  const member = await findMemberByOpenid(openid);
  return callerFrom(openid, member, bootstrapAdminOpenids(env));
}

/** The actor id recorded in audit entries. */
export function actorId(caller: Caller): string {
  return caller.member && caller.active ? caller.member.id : `openid:${caller.openid}`;
}
