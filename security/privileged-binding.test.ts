import { useLocalCloud } from '../testing/cloud';
import { addBranch, addMember, codeOf, DAY, helpers, MIN } from './fixtures';

/**
 * Regression (security/REVIEW.md S-19, High): a secretary became an admin through an unbound row.
 * An admin gave a member `admin`, later unbound the row (lost phone: the row kept its roles); the
 * branch secretary bound that row from a second WeChat account, approved the binding themself, and
 * the second account was an admin. Rule: privileged roles (secretary, admin) belong to the person,
 * never to a row a secretary can hand out —
 *  - every path that changes who holds a row (unbind, deletion) resets it to `member` and ends the
 *    delegations made by or given to it;
 *  - approving a binding of a row that still carries more than `member` (roles an admin set on an
 *    unbound or pending row, rows unbound before this fix) is for admins only.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_boot' } });
const t0 = Date.now();
const { call, ok, doc, dump } = helpers(cloud);

beforeAll(async () => {
  await addBranch(cloud, t0, 'bA');
  await addBranch(cloud, t0, 'bB', '外科');
  await addMember(cloud, t0, 'secA', { roles: ['member', 'secretary'] });
  await addMember(cloud, t0, 'boss', { name: '王主任', staffNo: 'T9001' });
  await addMember(cloud, t0, 'memA');
  await addMember(cloud, t0, 'otherB', { branchId: 'bB' });
}, 60_000);

const asSecond = (who: string) => `x${who}`; // the secretary's second WeChat account: openid o_x<who>

it('unbinding an admin row resets it to member; the secretary’s second account gains nothing', async () => {
  await ok('member', 'setRoles', { memberId: 'boss', roles: ['member', 'admin'] }, 'boot');
  // boss delegates (as an admin) and receives nothing; memA will be boss's delegate
  const d = await ok<{ id: string }>(
    'attendance',
    'delegate',
    { branchId: 'bA', toMemberId: 'memA', from: t0 - MIN, to: t0 + 10 * DAY },
    'boss',
  );
  await ok('member', 'unbind', { memberId: 'boss', reason: '手机丢失' }, 'boot');
  expect(await doc('members', 'boss')).toMatchObject({ status: 'unbound', roles: ['member'] });
  expect(await doc('delegations', d.id)).toMatchObject({ revokedAt: expect.any(Number) });

  // the attack: the secretary sees the staff number, binds from a second account, approves it
  const rows = await ok<{ id: string; staffNo: string; name: string }[]>(
    'member',
    'listMembers',
    { branchId: 'bA' },
    'secA',
  );
  const row = rows.find((r) => r.id === 'boss')!;
  await ok('member', 'bind', { name: row.name, staffNo: row.staffNo }, asSecond('secA'));
  await ok('member', 'reviewBinding', { memberId: 'boss', decision: 'approve' }, 'secA');
  const me = await ok<{ member: { roles: string[] } }>('member', 'me', {}, asSecond('secA'));
  expect(me.member.roles).toEqual(['member']);
  expect(
    codeOf(
      await call('member', 'setRoles', { memberId: 'memA', roles: ['member', 'admin'] }, asSecond('secA')),
    ),
  ).toBe('FORBIDDEN');
  expect(codeOf(await call('member', 'listMembers', { branchId: 'bB' }, asSecond('secA')))).toBe('FORBIDDEN');
});

it('a binding of a row that carries more than member is approved by an admin only', async () => {
  await addMember(cloud, t0, 'pre', {
    name: '预设书记',
    staffNo: 'T9002',
    status: 'unbound',
    roles: ['member'],
  });
  await cloud.db().collection('members').doc('pre').update({ openid: 'unbound:pre', boundAt: null });
  // an admin prepares the row of a future secretary before the person binds
  await ok('member', 'setRoles', { memberId: 'pre', roles: ['member', 'secretary'] }, 'boot');
  await ok('member', 'bind', { name: '预设书记', staffNo: 'T9002' }, asSecond('secA2'));
  const before = JSON.stringify(await dump('members'));
  const r = await call('member', 'reviewBinding', { memberId: 'pre', decision: 'approve' }, 'secA');
  expect(codeOf(r)).toBe('FORBIDDEN');
  expect(JSON.stringify(await dump('members'))).toBe(before);
  expect(await doc('members', 'pre')).toMatchObject({ status: 'pending', roles: ['member', 'secretary'] });
  // the admin can
  await ok('member', 'reviewBinding', { memberId: 'pre', decision: 'approve' }, 'boot');
  expect(await doc('members', 'pre')).toMatchObject({ status: 'active', roles: ['member', 'secretary'] });
});

it('a legacy row unbound with its roles (before this fix) cannot be approved by the secretary either', async () => {
  await addMember(cloud, t0, 'legacy', { name: '老管理员', staffNo: 'T9003', roles: ['member', 'admin'] });
  await cloud
    .db()
    .collection('members')
    .doc('legacy')
    .update({ status: 'unbound', openid: 'unbound:legacy', boundAt: null });
  await ok('member', 'bind', { name: '老管理员', staffNo: 'T9003' }, asSecond('secA3'));
  expect(
    codeOf(await call('member', 'reviewBinding', { memberId: 'legacy', decision: 'approve' }, 'secA')),
  ).toBe('FORBIDDEN');
  // rejecting protects the row: the secretary may do that
  await ok('member', 'reviewBinding', { memberId: 'legacy', decision: 'reject', reason: '非本人' }, 'secA');
  expect(await doc('members', 'legacy')).toMatchObject({ status: 'unbound' });
});
