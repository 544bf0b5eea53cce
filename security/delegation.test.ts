import { useLocalCloud } from '../testing/cloud';
import type { TDelegation } from '../types/attendance';
import { addBranch, addMember, codeOf, DAY, helpers, MIN } from './fixtures';

/**
 * Regressions (security/REVIEW.md S-21, S-22): a delegation lends a secretary's power to review, so
 *  - S-21: it is valid only while its delegator still holds the role it came from. An admin taking
 *    the secretary role away revokes the secretary's delegations (audited), and a delegation whose
 *    delegator lost the role by any other path (unbind, deletion, a row edited by hand) is inert
 *    and listed as revoked;
 *  - S-22: nobody decides their own item by proxy — a delegate may not approve the request of the
 *    secretary on whose behalf they act.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_boot' } });
const t0 = Date.now();
const { call, ok, doc, dump } = helpers(cloud);

let later = ''; // an activity in two days (leave requests)

beforeAll(async () => {
  await addBranch(cloud, t0, 'bA');
  await addMember(cloud, t0, 'secA', { roles: ['member', 'secretary'] });
  await addMember(cloud, t0, 'secA2', { roles: ['member', 'secretary'] });
  await addMember(cloud, t0, 'del', { name: '代审人' });
  await addMember(cloud, t0, 'memA');
  const a = await ok<{ id: string }>(
    'activity',
    'create',
    {
      branchId: 'bA',
      type: 'theme_day',
      title: '主题党日',
      startAt: t0 + 2 * DAY,
      endAt: t0 + 2 * DAY + 90 * MIN,
      checkin: { proof: 'rotating', approval: 'manual' },
    },
    'secA',
  );
  later = a.id;
}, 60_000);

const delegateTo = async (from: string, to: string) =>
  (
    await ok<{ id: string }>(
      'attendance',
      'delegate',
      { branchId: 'bA', toMemberId: to, from: t0 - MIN, to: t0 + 30 * DAY },
      from,
    )
  ).id;

describe('S-22: self-review covers the person on whose behalf a decision is made', () => {
  it('a delegate cannot approve the leave of the secretary who delegated to them', async () => {
    const d = await delegateTo('secA', 'del');
    const leave = await ok<{ id: string }>(
      'attendance',
      'requestLeave',
      { activityId: later, reason: '出差' },
      'secA',
    );
    const r = await ok<{ id: string; ok: boolean; code?: string; why?: string }[]>(
      'attendance',
      'review',
      { items: [{ id: leave.id, decision: 'approve' }] },
      'del',
    );
    expect(r).toEqual([
      expect.objectContaining({ id: leave.id, ok: false, code: 'FORBIDDEN', why: 'self_review' }),
    ]);
    expect((await doc('requests', leave.id))?.status).toBe('pending');
    // another secretary of the branch may decide it (it is not their own)
    const other = await ok<{ ok: boolean }[]>(
      'attendance',
      'review',
      { items: [{ id: leave.id, decision: 'approve' }] },
      'secA2',
    );
    expect(other[0].ok).toBe(true);
    await ok('attendance', 'revokeDelegation', { delegationId: d }, 'secA');
  });
});

describe('S-21: a delegation is valid only while its delegator holds the role', () => {
  it('setRoles taking the secretary role away revokes the delegation: the delegate loses queue, roster, review', async () => {
    const d = await delegateTo('secA', 'del');
    const leave = await ok<{ id: string }>(
      'attendance',
      'requestLeave',
      { activityId: later, reason: '家中有事' },
      'memA',
    );
    expect(codeOf(await call('attendance', 'queue', { branchId: 'bA' }, 'del'))).toBe('ok');

    await ok('member', 'setRoles', { memberId: 'secA', roles: ['member'] }, 'boot');

    expect(codeOf(await call('attendance', 'queue', { branchId: 'bA' }, 'del'))).toBe('FORBIDDEN');
    expect(codeOf(await call('attendance', 'roster', { activityId: later }, 'del'))).toBe('FORBIDDEN');
    const r = await call<{ ok: boolean; code?: string }[]>(
      'attendance',
      'review',
      { items: [{ id: leave.id, decision: 'approve' }] },
      'del',
    );
    expect(r.ok ? r.data : r.error.code).not.toEqual([expect.objectContaining({ ok: true })]);
    expect((await doc('requests', leave.id))?.status).toBe('pending');

    // recorded: the delegation is revoked by the role change, in the audit trail
    expect(await doc('delegations', d)).toMatchObject({ revokedAt: expect.any(Number) });
    const audit = (await dump('audit')).filter((e) => e.targetId === d && e.action === 'delegation.revoke');
    expect(audit).toHaveLength(1);
    // both sides see it as revoked
    const mine = await ok<TDelegation[]>('attendance', 'listDelegations', {}, 'del');
    expect(mine.find((x) => x.id === d)?.status).toBe('revoked');
    await ok('member', 'setRoles', { memberId: 'secA', roles: ['member', 'secretary'] }, 'boot');
    // getting the role back does not revive the old delegation
    expect(codeOf(await call('attendance', 'queue', { branchId: 'bA' }, 'del'))).toBe('FORBIDDEN');
  });

  it('a delegation whose delegator lost the role by another path is inert and listed as revoked', async () => {
    const d = await delegateTo('secA2', 'del');
    expect(codeOf(await call('attendance', 'queue', { branchId: 'bA' }, 'del'))).toBe('ok');
    // the row loses the role without setRoles (an edit by hand, an old unbind, a restore)
    await cloud
      .db()
      .collection('members')
      .doc('secA2')
      .update({ roles: ['member'] });
    expect(codeOf(await call('attendance', 'queue', { branchId: 'bA' }, 'del'))).toBe('FORBIDDEN');
    expect(codeOf(await call('attendance', 'roster', { activityId: later }, 'del'))).toBe('FORBIDDEN');
    const mine = await ok<TDelegation[]>('attendance', 'listDelegations', {}, 'del');
    expect(mine.find((x) => x.id === d)?.status).toBe('revoked');
    // the branch's staff still see it (as revoked), and cannot be confused into "revoking" it again
    const branch = await ok<TDelegation[]>('attendance', 'listDelegations', { branchId: 'bA' }, 'secA');
    expect(branch.find((x) => x.id === d)?.status).toBe('revoked');
  });
});
