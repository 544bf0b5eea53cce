import {
  canDelegate,
  canReview,
  delegationRangeFromDates,
  delegationStatus,
  delegatorMayGrant,
  isDelegateActive,
  type DelegationFacts,
  type ReviewCaller,
} from './delegation';

const at = (iso: string) => Date.parse(iso);
const range = delegationRangeFromDates('2026-11-27', '2026-11-30');
const delegation: DelegationFacts = {
  id: 'd1',
  branchId: 'b1',
  fromMemberId: 'm_sec',
  toMemberId: 'm_del',
  ...range,
};

describe('delegationRangeFromDates', () => {
  it('starts at Shanghai midnight of the first day and ends at Shanghai midnight after the last', () => {
    expect(range).toEqual({ from: at('2026-11-26T16:00:00Z'), to: at('2026-11-30T16:00:00Z') });
  });
});

describe('isDelegateActive', () => {
  it('is not active 1 ms before the first day starts in Shanghai', () => {
    expect(isDelegateActive(delegation, range.from - 1)).toBe(false);
    expect(delegationStatus(delegation, range.from - 1)).toBe('scheduled');
  });

  it('is active at the first instant of the first day', () => {
    expect(isDelegateActive(delegation, range.from)).toBe(true);
  });

  it('is active in the last millisecond of the last day (23:59:59.999 Shanghai)', () => {
    expect(isDelegateActive(delegation, at('2026-11-30T15:59:59.999Z'))).toBe(true);
  });

  it('has expired by itself at midnight after the last day', () => {
    expect(isDelegateActive(delegation, range.to)).toBe(false);
    expect(delegationStatus(delegation, range.to)).toBe('expired');
  });

  it('stops at the instant it is revoked', () => {
    const revoked = { ...delegation, revokedAt: at('2026-11-28T04:00:00Z') };
    expect(isDelegateActive(revoked, at('2026-11-28T03:59:59.999Z'))).toBe(true);
    expect(delegationStatus(revoked, at('2026-11-28T04:00:00Z'))).toBe('revoked');
  });
});

describe('canReview', () => {
  const now = at('2026-11-28T02:00:00Z');
  const member = (id: string, roles: string[], branchId = 'b1', active = true): ReviewCaller => ({
    openid: `o_${id}`,
    member: { id },
    active,
    branchId: active ? branchId : null,
    roles,
  });

  it("lets the branch's secretary review", () => {
    expect(canReview(member('m_sec', ['member', 'secretary']), 'b1', [], now)).toEqual({
      ok: true,
      reviewer: { actor: 'm_sec' },
      via: 'secretary',
    });
  });

  it("refuses another branch's secretary", () => {
    expect(canReview(member('m_x', ['member', 'secretary'], 'b2'), 'b1', [], now)).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
  });

  it('lets an admin review any branch, a bootstrap admin without a roster row included', () => {
    expect(canReview(member('m_a', ['member', 'admin'], 'b9'), 'b1', [], now)).toMatchObject({
      via: 'admin',
    });
    const bootstrap: ReviewCaller = {
      openid: 'o_boot',
      member: null,
      active: false,
      branchId: null,
      roles: ['admin'],
    };
    expect(canReview(bootstrap, 'b1', [], now)).toEqual({
      ok: true,
      reviewer: { actor: 'o_boot' },
      via: 'admin',
    });
  });

  it('lets an active delegate review on behalf of the secretary', () => {
    expect(canReview(member('m_del', ['member']), 'b1', [delegation], now)).toEqual({
      ok: true,
      reviewer: { actor: 'm_del', onBehalfOf: 'm_sec' },
      via: 'delegate',
      delegationId: 'd1',
    });
  });

  it('refuses the delegate once the delegation has expired', () => {
    expect(canReview(member('m_del', ['member']), 'b1', [delegation], range.to)).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('refuses the delegate before the delegation starts', () => {
    expect(canReview(member('m_del', ['member']), 'b1', [delegation], range.from - 1).ok).toBe(false);
  });

  it('refuses a delegate who has left the branch', () => {
    expect(canReview(member('m_del', ['member'], 'b2'), 'b1', [delegation], now).ok).toBe(false);
    expect(canReview(member('m_del', ['member'], 'b1', false), 'b1', [delegation], now).ok).toBe(false);
  });

  it('refuses a delegation for another branch or another member', () => {
    expect(canReview(member('m_del', ['member']), 'b1', [{ ...delegation, branchId: 'b2' }], now).ok).toBe(
      false,
    );
    expect(canReview(member('m_3', ['member']), 'b1', [delegation], now).ok).toBe(false);
  });

  it('refuses a plain member', () => {
    expect(canReview(member('m_1', ['member']), 'b1', [], now).ok).toBe(false);
  });
});

describe('canDelegate', () => {
  const now = at('2026-11-26T10:00:00Z');
  const del = { id: 'm_del', branchId: 'b1', status: 'active' };

  it('allows an active member of the branch for a future span', () => {
    expect(canDelegate('m_sec', 'b1', del, range, now)).toEqual({ ok: true });
  });

  it('refuses delegating to yourself', () => {
    expect(canDelegate('m_sec', 'b1', { ...del, id: 'm_sec' }, range, now)).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { fields: [{ path: 'toMemberId' }] },
    });
  });

  it('refuses a delegate from another branch or not active', () => {
    expect(canDelegate('m_sec', 'b1', { ...del, branchId: 'b2' }, range, now).ok).toBe(false);
    expect(canDelegate('m_sec', 'b1', { ...del, status: 'left' }, range, now).ok).toBe(false);
  });

  it('refuses an empty span, a span already over, and one longer than the policy', () => {
    expect(canDelegate('m_sec', 'b1', del, { from: range.from, to: range.from }, now)).toMatchObject({
      details: { fields: [{ path: 'to' }] },
    });
    expect(canDelegate('m_sec', 'b1', del, range, range.to).ok).toBe(false);
    expect(canDelegate('m_sec', 'b1', del, range, now, { maxDays: 3 }).ok).toBe(false);
    expect(canDelegate('m_sec', 'b1', del, range, now, { maxDays: 4 }).ok).toBe(true);
  });
});

describe('delegatorMayGrant (S-21: valid only while the delegator holds the role)', () => {
  const row = (roles: string[], o: { branchId?: string; status?: string } = {}) => ({
    row: { id: 'm_sec', branchId: o.branchId ?? 'b1', status: o.status ?? 'active', roles },
    bootstrapAdmin: false,
  });
  it('holds for the active secretary of the delegation’s branch and for admins', () => {
    expect(delegatorMayGrant('b1', row(['member', 'secretary']))).toBe(true);
    expect(delegatorMayGrant('b1', row(['member', 'admin'], { branchId: 'b2' }))).toBe(true);
    expect(delegatorMayGrant('b1', { row: null, bootstrapAdmin: true })).toBe(true);
  });
  it('fails once the role is gone, the row is not active, or the secretary is of another branch', () => {
    expect(delegatorMayGrant('b1', row(['member']))).toBe(false);
    expect(delegatorMayGrant('b1', row(['member', 'secretary'], { status: 'unbound' }))).toBe(false);
    expect(delegatorMayGrant('b1', row(['member', 'secretary'], { status: 'left' }))).toBe(false);
    expect(delegatorMayGrant('b1', row(['member', 'secretary'], { branchId: 'b2' }))).toBe(false);
    expect(delegatorMayGrant('b1', { row: null, bootstrapAdmin: false })).toBe(false);
  });
  it('a delegation whose delegator lost the role reads as revoked and grants nothing', () => {
    const lapsed = { ...delegation, delegatorLostRole: true };
    const mid = at('2026-11-28T04:00:00Z');
    expect(delegationStatus(lapsed, mid)).toBe('revoked');
    expect(isDelegateActive(lapsed, mid)).toBe(false);
    // an expired one stays expired (nothing to revoke any more)
    expect(delegationStatus(lapsed, range.to)).toBe('expired');
  });
});
