import type { Role } from '../../../types/member';
import type { MemberRecord } from '../repos/members';
import { asMember, callerFrom, isMemberCaller } from './caller';
import { isStaffOf, secretaryOf, viewerOf } from './staff';

function row(id: string, branchId: string, status: MemberRecord['status'], roles: Role[]): MemberRecord {
  return {
    id,
    branchId,
    name: 'x',
    staffNo: 's',
    phone: null,
    openid: `o_${id}`,
    status,
    roles,
    createdAt: 0,
    updatedAt: 0,
  };
}
const admins = new Set(['o_boot']);
const secretaryA = callerFrom('o_s', row('s', 'A', 'active', ['member', 'secretary']), admins);
const pendingSecretaryA = callerFrom('o_ps', row('ps', 'A', 'pending', ['member', 'secretary']), admins);
const leftSecretaryA = callerFrom('o_ls', row('ls', 'A', 'left', ['member', 'secretary']), admins);
const memberA = callerFrom('o_m', row('m', 'A', 'active', ['member']), admins);
const rosterAdminB = callerFrom('o_ra', row('ra', 'B', 'active', ['member', 'admin']), admins);
const bootstrapAdmin = callerFrom('o_boot', null, admins);
const unbound = callerFrom('o_new', null, admins);

describe('isStaffOf: an admin of every branch, a secretary of their own', () => {
  it.each([
    ['the active secretary of A, for A', secretaryA, 'A', true],
    ['the active secretary of A, for B', secretaryA, 'B', false],
    ['the active secretary of A, for a missing resource', secretaryA, null, false],
    ['a pending row holding secretary', pendingSecretaryA, 'A', false],
    ['a row that left, holding secretary', leftSecretaryA, 'A', false],
    ['an active member of A', memberA, 'A', false],
    ['a roster admin of B, for A', rosterAdminB, 'A', true],
    ['a bootstrap admin with no row', bootstrapAdmin, 'A', true],
    ['an admin, for a missing resource', bootstrapAdmin, null, true],
    ['a WeChat user with no row', unbound, 'A', false],
  ] as const)('%s → %s', (_label, caller, branchId, want) => {
    expect(isStaffOf(caller, branchId)).toBe(want);
  });

  it('names the branch a caller is secretary of only for an active row', () => {
    expect(secretaryOf(secretaryA)).toBe('A');
    expect(secretaryOf(pendingSecretaryA)).toBeNull();
    expect(secretaryOf(rosterAdminB)).toBeNull();
  });

  it('gives the privacy rules the same view', () => {
    expect(viewerOf(secretaryA)).toEqual({ memberId: 's', isAdmin: false, secretaryOf: 'A' });
    expect(viewerOf(pendingSecretaryA)).toEqual({ memberId: 'ps', isAdmin: false, secretaryOf: null });
    expect(viewerOf(bootstrapAdmin)).toEqual({ memberId: null, isAdmin: true, secretaryOf: null });
  });
});

describe('asMember: acting as a member needs an active row', () => {
  it('passes an active member (also an admin who holds one)', () => {
    expect(asMember(memberA).member.id).toBe('m');
    expect(asMember(rosterAdminB).branchId).toBe('B');
  });

  it.each([
    ['a bootstrap admin with no row', bootstrapAdmin],
    ['a pending row', pendingSecretaryA],
    ['a row that left', leftSecretaryA],
  ] as const)('refuses %s with NOT_BOUND', (_label, caller) => {
    expect(isMemberCaller(caller)).toBe(false);
    expect(() => asMember(caller)).toThrow(expect.objectContaining({ code: 'NOT_BOUND' }));
  });
});
