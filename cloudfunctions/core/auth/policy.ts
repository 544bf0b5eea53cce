import type { ErrorCode } from '../../../types/errors';
import type { AdminCaller, BoundCaller, Caller, MemberCaller, StaffCaller } from './caller';
import { secretaryOf } from './staff';

/**
 * The authorisation policy every action declares. One function, `can()`, evaluates it before the
 * handler runs; handlers never re-decide who may act.
 *
 * - `{ anyone: true }`: any WeChat user, bound or not (not anonymous invocations).
 * - `{ bound: true }`: a WeChat user whose roster row is active, or pending the secretary's review
 *   when `pendingMay` allows the payload (a pending member may ask to hear the decision, nothing
 *   else); others NOT_BOUND, a pending member asking for more FORBIDDEN.
 * - `{ member: true }`: an active member. With `branchFrom`: an active member of that branch, or an admin.
 * - `{ roles: ['secretary', 'admin'], branchFrom }`: an admin (if listed) anywhere; a secretary (if
 *   listed) only of the branch `branchFrom` names — without `branchFrom`, of any branch, and the
 *   handler must scope by `caller.branchId`.
 * - `alsoAllow`: an extra grant for callers the rule above refuses with FORBIDDEN (e.g. an active
 *   delegate of the branch's secretary). It never lets in anonymous or unbound callers.
 *
 * - `{ teamLeader: true, teamFrom }`: a leader of the 先锋领航 team `teamFrom` names (a team is not a
 *   branch: its leaders come from any branch; a leader of a parent team leads its sub-teams), or an
 *   admin. `teamFrom` answers the team's leader ids (the team's own and its ancestors'), or `null`
 *   when the team/resource does not exist (admins pass, the handler answers NOT_FOUND).
 * - `{ self }`: an active member acting for themselves (taking a seat open to them, working on a claim
 *   they hold): `self` answers whether the caller stands in that relation to what the payload names.
 *   Admins get no bypass — nobody progresses, submits or releases another member's work.
 *
 * `branchFrom` may read the database (the activity's branch); it answers `null` when the resource
 * does not exist. Then admins pass (the handler answers NOT_FOUND) and everyone else is refused
 * with FORBIDDEN, so a refusal does not reveal whether a thing exists in another branch.
 */
export type BranchFrom<P> = (
  payload: P,
  caller: Caller,
) => string | null | undefined | Promise<string | null | undefined>;
export type AlsoAllow<P> = (args: {
  caller: Caller;
  payload: P;
  branchId: string | null;
  /** the invocation's clock (the same `now` the handler gets): time-bound grants judge by it */
  now: number;
}) => boolean | Promise<boolean>;

export type StaffRole = 'secretary' | 'admin';

/** The team an action touches, as far as authorisation cares: who leads it (`null`: not found). */
export interface TeamGrant {
  teamId: string;
  /** leaders of the team and of its ancestors */
  leaderIds: readonly string[];
}
export type TeamFrom<P> = (payload: P, caller: Caller) => TeamGrant | null | Promise<TeamGrant | null>;
/** `pendingMay` of a `{ bound }` policy: what a member pending review may ask for (no database). */
export type PendingMay<P> = (payload: P) => boolean;
/** `self` of a `{ self }` policy: does the caller stand in the relation the action needs (holds the claim, may take the seat)? (may read the database) */
export type SelfOf<P> = (payload: P, caller: Caller) => boolean | Promise<boolean>;

export type Policy<P = unknown> =
  | { anyone: true }
  | { bound: true; pendingMay?: PendingMay<P> }
  | { member: true; branchFrom?: BranchFrom<P>; alsoAllow?: AlsoAllow<P> }
  | { roles: readonly [StaffRole, ...StaffRole[]]; branchFrom?: BranchFrom<P>; alsoAllow?: AlsoAllow<P> }
  | { teamLeader: true; teamFrom: TeamFrom<P>; alsoAllow?: AlsoAllow<P> }
  | { self: SelfOf<P> };

/**
 * The caller a passed policy guarantees, so handlers need no re-checks (router.ts `action`):
 * - `{ anyone: true }`: any identified caller (`Caller`);
 * - `{ bound: true }`: a caller with an active or pending roster row (`BoundCaller`);
 * - `{ member: true }`: an active member (`MemberCaller`); with `branchFrom`, admins pass too
 *   (`StaffCaller`);
 * - `{ roles: ['admin'] }`: an admin (`AdminCaller`); with `secretary` (or `alsoAllow`): `StaffCaller`;
 * - `{ self }`: an active member (`MemberCaller`);
 * - `{ teamLeader: true }`: a team leader (an active member) or an admin (`StaffCaller`).
 * A policy typed only as `Policy` (not a literal) guarantees nothing beyond `Caller`.
 */
export type CallerOf<P> = P extends { anyone: true }
  ? Caller
  : P extends { bound: true }
    ? BoundCaller
    : P extends { self: unknown }
      ? MemberCaller
      : P extends { member: true }
        ? 'branchFrom' extends keyof P
          ? StaffCaller
          : MemberCaller
        : P extends { roles: readonly (infer R)[] }
          ? [R] extends ['admin']
            ? 'alsoAllow' extends keyof P
              ? StaffCaller
              : AdminCaller
            : StaffCaller
          : P extends { teamLeader: true }
            ? StaffCaller
            : never;

export type Decision =
  { allow: true } | { allow: false; code: Extract<ErrorCode, 'UNAUTHENTICATED' | 'NOT_BOUND' | 'FORBIDDEN'> };

/** The resource an action touches, as far as authorisation cares: its branch (`null`: not found). */
export interface Resource {
  branchId: string | null;
  /** for `teamLeader` policies: the team's grant (`null`: not found) */
  team?: TeamGrant | null;
  /** `{ self }` policies: whether the caller stands in the relation the action needs */
  self?: boolean;
  /** `{ bound }` policies: whether a pending member may make this request (`pendingMay`) */
  pendingMay?: boolean;
}

const ALLOW: Decision = { allow: true };
const deny = (code: 'UNAUTHENTICATED' | 'NOT_BOUND' | 'FORBIDDEN'): Decision => ({ allow: false, code });

/** Runtime shape check, for callers outside the type system (and the registration guard). */
export function isPolicy(p: unknown): p is Policy {
  if (!p || typeof p !== 'object') return false;
  const o = p as Record<string, unknown>;
  const kinds = ['anyone', 'bound', 'member', 'roles', 'self', 'teamLeader'].filter((k) => k in o);
  if (kinds.length !== 1) return false;
  if ('anyone' in o) return o.anyone === true;
  if ('bound' in o)
    return (
      o.bound === true &&
      Object.keys(o).every((k) => k === 'bound' || k === 'pendingMay') &&
      (!('pendingMay' in o) || typeof o.pendingMay === 'function')
    );
  if ('self' in o) return typeof o.self === 'function' && Object.keys(o).length === 1;
  if ('teamLeader' in o && (o.teamLeader !== true || typeof o.teamFrom !== 'function')) return false;
  if ('member' in o && o.member !== true) return false;
  if ('roles' in o) {
    if (!Array.isArray(o.roles) || o.roles.length === 0) return false;
    if (!o.roles.every((r) => r === 'secretary' || r === 'admin')) return false;
  }
  if ('branchFrom' in o && typeof o.branchFrom !== 'function') return false;
  if ('alsoAllow' in o && typeof o.alsoAllow !== 'function') return false;
  return true;
}

/**
 * The one authorisation rule: may `caller` do an action guarded by `policy` on `resource`?
 * Pure and synchronous; `authorise()` below computes the resource and applies `alsoAllow`.
 */
export function can(caller: Caller, policy: Policy<never>, resource?: Resource): Decision {
  if (!caller.openid) return deny('UNAUTHENTICATED');
  if ('anyone' in policy) return ALLOW;

  if ('bound' in policy) {
    if (caller.active && caller.member) return ALLOW;
    if (caller.member?.status !== 'pending') return deny('NOT_BOUND');
    return resource?.pendingMay === true ? ALLOW : deny('FORBIDDEN');
  }

  if ('self' in policy) {
    if (!caller.active) return deny('NOT_BOUND');
    return resource?.self === true ? ALLOW : deny('FORBIDDEN');
  }

  if ('member' in policy) {
    if (resource && caller.isAdmin) return ALLOW;
    if (!caller.active) return deny('NOT_BOUND');
    if (resource && (resource.branchId === null || resource.branchId !== caller.branchId))
      return deny('FORBIDDEN');
    return ALLOW;
  }

  if ('teamLeader' in policy) {
    if (caller.isAdmin) return ALLOW;
    if (!caller.active || !caller.member) return deny('NOT_BOUND');
    const team = resource?.team ?? null;
    if (team && team.leaderIds.includes(caller.member.id)) return ALLOW;
    return deny('FORBIDDEN');
  }

  const roles: readonly StaffRole[] = policy.roles;
  if (roles.includes('admin') && caller.isAdmin) return ALLOW;
  if (!caller.active && !caller.isAdmin) return deny('NOT_BOUND');
  // A secretary is staff of their own branch only (staff.ts); without a resource the handler scopes.
  const own = roles.includes('secretary') ? secretaryOf(caller) : null;
  if (own !== null && (!resource || resource.branchId === own)) return ALLOW;
  return deny('FORBIDDEN');
}

/**
 * Evaluates a policy for one call: resource from `branchFrom`, then `can`, then `alsoAllow`.
 * `now`: the invocation's clock (the router passes the one it hands the handler).
 */
export async function authorise<P>(
  caller: Caller,
  policy: Policy<P>,
  payload: P,
  now: number = Date.now(),
): Promise<Decision> {
  if (!caller.openid) return deny('UNAUTHENTICATED');
  let resource: Resource | undefined;
  if ('self' in policy) {
    // unbound callers are refused before the check reads anything
    if (!caller.active) return deny('NOT_BOUND');
    resource = { branchId: caller.branchId, self: (await policy.self(payload, caller)) === true };
  } else if ('bound' in policy) {
    resource = { branchId: null, pendingMay: policy.pendingMay?.(payload) === true };
  } else if ('branchFrom' in policy && policy.branchFrom) {
    resource = { branchId: (await policy.branchFrom(payload, caller)) ?? null };
  }
  // Admins need no lookup; an unbound caller is refused (NOT_BOUND) before any read reveals the team.
  if ('teamLeader' in policy && !caller.isAdmin && caller.active) {
    resource = { branchId: null, team: (await policy.teamFrom(payload, caller)) ?? null };
  }
  const decision = can(caller, policy as Policy<never>, resource);
  if (decision.allow || decision.code !== 'FORBIDDEN') return decision;
  if ('alsoAllow' in policy && policy.alsoAllow && caller.active) {
    const extra = await policy.alsoAllow({ caller, payload, branchId: resource?.branchId ?? null, now });
    if (extra) return ALLOW;
  }
  return decision;
}
