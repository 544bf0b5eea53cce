import { allow, invalidField, refuse, type Decision } from './decision';
import { DAY_MS, shanghaiDayStart } from './calendar';
import type { Reviewer } from './review';

/**
 * Delegation: a secretary lets another member of the branch approve attendance for a while.
 *
 * A delegation covers the half-open span `[from, to)` of instants. The phone picks Shanghai
 * calendar days, "27 to 30 November" inclusive: `delegationRangeFromDates('2026-11-27', '2026-11-30')`
 * gives from = 27 Nov 00:00 and to = 1 Dec 00:00 Shanghai time, so the last day counts in full and
 * the delegation has expired at the first instant of the next day — by itself, no job needed.
 */

export interface DelegationFacts {
  id: string;
  branchId: string;
  /** the secretary who delegated */
  fromMemberId: string;
  /** the delegate */
  toMemberId: string;
  /** inclusive, epoch ms */
  from: number;
  /** exclusive, epoch ms */
  to: number;
  /** set when the secretary ended it early */
  revokedAt?: number | null;
  /**
   * The delegator no longer holds a role that could grant it (`delegatorMayGrant` is false): the
   * delegation is void whatever its dates say, and reads as `revoked`.
   */
  delegatorLostRole?: boolean;
}

export type DelegationStatus = 'scheduled' | 'active' | 'expired' | 'revoked';

export function delegationStatus(d: DelegationFacts, now: number): DelegationStatus {
  if (d.revokedAt != null && d.revokedAt <= now) return 'revoked';
  if (d.delegatorLostRole && now < d.to) return 'revoked';
  if (now < d.from) return 'scheduled';
  if (now >= d.to) return 'expired';
  return 'active';
}

export function isDelegateActive(d: DelegationFacts, now: number): boolean {
  return delegationStatus(d, now) === 'active';
}

/**
 * The delegator as it stands now: their roster row (null when it no longer exists or they are a
 * bootstrap admin without one) and whether their openid is still a bootstrap admin.
 */
export interface DelegatorStanding {
  row: { id: string; branchId: string; status: string; roles: readonly string[] } | null;
  bootstrapAdmin: boolean;
}

/**
 * A delegation lends the delegator's power to review, so it is valid only while the delegator
 * could still grant it (security/REVIEW.md S-21): an admin (a roster admin with an active row, or
 * a listed bootstrap admin), or an active secretary of the delegation's own branch. A secretary who
 * loses the role, is unbound or deleted, or moves branch takes every delegation they made with them.
 */
export function delegatorMayGrant(branchId: string, s: DelegatorStanding): boolean {
  if (s.bootstrapAdmin) return true;
  const r = s.row;
  if (!r || r.status !== 'active') return false;
  if (r.roles.includes('admin')) return true;
  return r.roles.includes('secretary') && r.branchId === branchId;
}

/** Shanghai calendar days, both inclusive → the `[from, to)` instants a delegation stores. */
export function delegationRangeFromDates(firstDay: string, lastDay: string): { from: number; to: number } {
  return { from: shanghaiDayStart(firstDay), to: shanghaiDayStart(lastDay) + DAY_MS };
}

export interface DelegationPolicy {
  /** longest delegation, in days (a term of office is not a delegation) */
  maxDays: number;
}
export const DEFAULT_DELEGATION_POLICY: DelegationPolicy = { maxDays: 92 };

/** The member a secretary wants to delegate to, as far as this rule cares. */
export interface DelegateFacts {
  id: string;
  branchId: string;
  status: string;
}

/**
 * May `secretaryId` (already authorised as the branch's secretary or an admin) delegate `branchId`
 * to `delegate` for `[from, to)`? The delegate must be an active member of that branch and not the
 * delegator; the span must be non-empty, end in the future and be at most `maxDays` long.
 */
export function canDelegate(
  secretaryId: string,
  branchId: string,
  delegate: DelegateFacts,
  range: { from: number; to: number },
  now: number,
  policy: DelegationPolicy = DEFAULT_DELEGATION_POLICY,
): Decision {
  if (delegate.id === secretaryId) return invalidField('toMemberId', 'cannot delegate to yourself');
  if (delegate.branchId !== branchId || delegate.status !== 'active') {
    return invalidField('toMemberId', 'the delegate must be an active member of the branch');
  }
  if (range.to <= range.from) return invalidField('to', 'must be after from');
  if (range.to <= now) return invalidField('to', 'the delegation would already be over');
  if (range.to - range.from > policy.maxDays * DAY_MS) {
    return invalidField('to', `a delegation lasts at most ${policy.maxDays} days`);
  }
  return allow();
}

/** The caller as the auth layer resolves it (structurally cloudfunctions/core/auth/caller.ts `Caller`). */
export interface ReviewCaller {
  openid: string;
  member: { id: string } | null;
  /** an active roster row */
  active: boolean;
  /** branch of the active member, else null */
  branchId: string | null;
  roles: readonly string[];
}

export type ReviewGrant = {
  reviewer: Reviewer;
  via: 'admin' | 'secretary' | 'delegate';
  delegationId?: string;
};

/**
 * Who may review a branch's attendance: an admin (any branch), the branch's own secretary, or an
 * active member of that branch holding an active delegation for it. A delegate who has left the
 * branch loses the grant even if the delegation's dates still cover `now`.
 * The grant's `reviewer` is what decisions and audit entries record: a delegate's carries
 * `onBehalfOf` = the delegating secretary, so the audit names both.
 */
export function canReview(
  caller: ReviewCaller,
  branchId: string,
  delegations: readonly DelegationFacts[],
  now: number,
): Decision<ReviewGrant> {
  const actor = caller.member?.id ?? caller.openid;
  if (caller.roles.includes('admin')) return allow({ reviewer: { actor }, via: 'admin' as const });
  if (!caller.active || !caller.member || caller.branchId !== branchId) {
    return refuse('FORBIDDEN', 'only the branch secretary, an admin or an active delegate may review');
  }
  if (caller.roles.includes('secretary')) return allow({ reviewer: { actor }, via: 'secretary' as const });
  const memberId = caller.member.id;
  const grant = delegations
    .filter((d) => d.branchId === branchId && d.toMemberId === memberId && isDelegateActive(d, now))
    .sort((a, b) => a.from - b.from)[0];
  if (!grant)
    return refuse('FORBIDDEN', 'only the branch secretary, an admin or an active delegate may review');
  return allow({
    reviewer: { actor, onBehalfOf: grant.fromMemberId },
    via: 'delegate' as const,
    delegationId: grant.id,
  });
}
