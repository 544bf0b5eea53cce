import { useLocalCloud } from '../../testing/cloud';
import type { TListBranchesOutput, TMeOutput } from '../../types/member';

/** member.me and member.listBranches end to end: gateway → bundled function → real SDK → local cloud. */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_boot_admin' } });

const now = Date.UTC(2026, 10, 1);

beforeAll(async () => {
  const db = cloud.db();
  // Written through the real SDK, in the stored shape of core/repos (branches, members).
  await db.collection('branches').add({
    _id: 'b_lab',
    name: '基础医学院病理学实验室党支部',
    college: '基础医学院',
    kind: 'teacher',
    linkedUnit: '病理学实验室',
    createdAt: now,
    updatedAt: now,
  });
  await db.collection('branches').add({
    _id: 'b_clin',
    name: '临床医学院内科教研室党支部',
    college: '临床医学院',
    createdAt: now,
    updatedAt: now,
  });
  const member = (id: string, openid: string | null, status: string, roles: string[]) => ({
    _id: id,
    branchId: 'b_lab',
    name: `成员${id}`,
    staffNo: `S${id}`,
    phone: null,
    openid: openid ?? `unbound:${id}`,
    status,
    roles,
    createdAt: now,
    updatedAt: now,
  });
  await db.collection('members').add(member('m_active', 'o_member', 'active', ['member']));
  await db.collection('members').add(member('m_sec', 'o_secretary', 'active', ['member', 'secretary']));
  await db.collection('members').add(member('m_pending', 'o_pending', 'pending', ['member']));
  await db.collection('members').add(member('m_unbound1', null, 'unbound', ['member']));
  await db.collection('members').add(member('m_unbound2', null, 'unbound', ['member']));
});

describe('member.me', () => {
  it('answers the bound active member with roles', async () => {
    const r = await cloud.call<TMeOutput>('member', { action: 'me' }, 'o_secretary');
    expect(r).toEqual({
      ok: true,
      data: {
        openid: 'o_secretary',
        member: {
          id: 'm_sec',
          name: '成员m_sec',
          branchId: 'b_lab',
          roles: ['member', 'secretary'],
          status: 'active',
        },
        roles: ['member', 'secretary'],
      },
    });
  });

  it('answers a pending binding with its status and no effective roles', async () => {
    const r = await cloud.call<TMeOutput>('member', { action: 'me' }, 'o_pending');
    expect(r).toMatchObject({
      ok: true,
      data: { openid: 'o_pending', member: { id: 'm_pending', status: 'pending' }, roles: [] },
    });
  });

  it('answers member: null for a WeChat user with no roster row', async () => {
    const r = await cloud.call<TMeOutput>('member', { action: 'me' }, 'o_stranger');
    expect(r).toEqual({ ok: true, data: { openid: 'o_stranger', member: null, roles: [] } });
  });

  it('gives a bootstrap admin from APP_ADMIN_OPENIDS the admin role without a row', async () => {
    const r = await cloud.call<TMeOutput>('member', { action: 'me' }, 'o_boot_admin');
    expect(r).toEqual({ ok: true, data: { openid: 'o_boot_admin', member: null, roles: ['admin'] } });
  });

  it('answers UNAUTHENTICATED without a caller', async () => {
    const r = await cloud.call('member', { action: 'me' });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('never takes the identity from the payload or the event', async () => {
    const r = await cloud.call('member', { action: 'me', payload: { openid: 'o_secretary' } }, 'o_stranger');
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: 'payload.openid' }] } },
    });
    const r2 = await cloud.call<TMeOutput>(
      'member',
      { action: 'me', userInfo: { openId: 'o_secretary' } },
      'o_stranger',
    );
    expect(r2).toMatchObject({ ok: true, data: { openid: 'o_stranger', member: null } });
  });
});

describe('member.listBranches', () => {
  it('lists the branches by name with id, name and college, and the total on the first page', async () => {
    const r = await cloud.call<TListBranchesOutput>('member', { action: 'listBranches' }, 'o_stranger');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const names = r.data.items.map((b) => b.name);
    expect(names).toEqual([...names].sort());
    expect(r.data.items).toHaveLength(2);
    expect(r.data).toMatchObject({ nextCursor: null, total: 2 });
    expect(r.data.items).toContainEqual({
      id: 'b_lab',
      name: '基础医学院病理学实验室党支部',
      college: '基础医学院',
      kind: 'teacher',
      linkedUnit: '病理学实验室',
    });
    expect(r.data.items).toContainEqual({
      id: 'b_clin',
      name: '临床医学院内科教研室党支部',
      college: '临床医学院',
    });
  });
});

describe('member: bad input answers INVALID_ARGUMENT naming the fields, never an exception', () => {
  it.each([
    ['an empty event', {}],
    ['a missing action', { payload: {} }],
    ['a non-string action', { action: ['me'] }],
  ])('%s → action', async (_label, event) => {
    const r = await cloud.call('member', event, 'o_member');
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: 'action' }] } },
    });
  });

  it('an unknown action → action', async () => {
    const r = await cloud.call('member', { action: 'deleteEverything' }, 'o_member');
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: 'action' }] } },
    });
  });

  it('wrong payload types → each field', async () => {
    const r = await cloud.call(
      'member',
      { action: 'listBranches', payload: { branchId: 3, all: true } },
      'o_member',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_ARGUMENT');
    expect(r.error.details?.fields?.map((f) => f.path).sort()).toEqual(['payload.all', 'payload.branchId']);
  });

  it('a payload that is not an object → payload', async () => {
    const r = await cloud.call('member', { action: 'me', payload: 'me' }, 'o_member');
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: 'payload' }] } },
    });
  });
});

describe('the members collection', () => {
  it('refuses a second row with the same openid (unique index), while unbound rows coexist', async () => {
    const db = cloud.db();
    await expect(
      db.collection('members').add({
        _id: 'm_dup',
        branchId: 'b_lab',
        name: 'x',
        staffNo: 'Sdup',
        openid: 'o_member',
        status: 'active',
        roles: ['member'],
        createdAt: now,
        updatedAt: now,
      }),
    ).rejects.toThrow(/duplicate/i);
    const unbound = await db.collection('members').where({ status: 'unbound', branchId: 'b_lab' }).get();
    expect(unbound.data).toHaveLength(2);
  });

  it('refuses a second row with the same staff number in one branch', async () => {
    await expect(
      cloud
        .db()
        .collection('members')
        .add({
          _id: 'm_dup2',
          branchId: 'b_lab',
          name: 'y',
          staffNo: 'Sm_active',
          openid: 'unbound:m_dup2',
          status: 'unbound',
          roles: ['member'],
          createdAt: now,
          updatedAt: now,
        }),
    ).rejects.toThrow(/duplicate/i);
  });
});
