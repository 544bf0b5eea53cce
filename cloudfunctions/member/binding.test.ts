import { useLocalCloud } from '../../testing/cloud';
import type { TMeOutput } from '../../types/member';
import { addRow, CALLERS, findDocs, getDoc, seedBase, snapshot, uniq } from './testkit/fixtures';

/** Binding a WeChat user to a roster row, the secretary's decision, unbinding — and what the DB holds. */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_boot' } });

beforeAll(async () => {
  await seedBase(cloud);
});

const bind = (openid: string, payload: Record<string, unknown>) =>
  cloud.call<{ memberId: string; status: string }>('member', { action: 'bind', payload }, openid);
const review = (openid: string, payload: Record<string, unknown>) =>
  cloud.call<{ status: string }>('member', { action: 'reviewBinding', payload }, openid);

async function freshRow(name = '周晓梅') {
  const staffNo = uniq('T').toUpperCase();
  const id = await addRow(cloud, { branchId: 'bA', name, staffNo });
  return { id, staffNo, name };
}

async function pendingRow(name?: string) {
  const row = await freshRow(name);
  const o = uniq('o_u');
  await bind(o, { name: row.name, staffNo: row.staffNo });
  return { ...row, openid: o };
}

/** A row bound to a new openid, approved by `reviewer`. */
async function boundRow(reviewer: string, name?: string) {
  const row = await pendingRow(name);
  await review(reviewer, { memberId: row.id, decision: 'approve' });
  return row;
}

describe('member.bind', () => {
  it('a roster match makes the row pending with the caller openid, a binding request and an audit entry', async () => {
    const row = await freshRow();
    const o = uniq('o_u');
    const r = await bind(o, { name: ` ${row.name} `, staffNo: row.staffNo.toLowerCase(), branchId: 'bA' });
    expect(r).toEqual({ ok: true, data: { memberId: row.id, status: 'pending' } });
    expect(await getDoc(cloud, 'members', row.id)).toMatchObject({ openid: o, status: 'pending' });
    expect(await findDocs(cloud, 'bindings', { memberId: row.id })).toMatchObject([
      { openid: o, status: 'pending', branchId: 'bA' },
    ]);
    const audit = await findDocs(cloud, 'audit', { targetId: row.id });
    expect(audit).toMatchObject([{ action: 'member.bind', after: { status: 'pending' } }]);
    const me = await cloud.call<TMeOutput>('member', { action: 'me' }, o);
    expect(me).toMatchObject({
      ok: true,
      data: { member: { id: row.id, status: 'pending' }, binding: { status: 'pending' } },
    });
  });

  it('answers ROSTER_NO_MATCH for an unknown number, a wrong name or another branch — and writes only the throttle', async () => {
    const row = await freshRow();
    const o = uniq('o_u');
    for (const payload of [
      { name: row.name, staffNo: 'NOPE999' },
      { name: '别人', staffNo: row.staffNo },
      { name: row.name, staffNo: row.staffNo, branchId: 'bB' },
    ]) {
      expect(await bind(o, payload)).toMatchObject({ ok: false, error: { code: 'ROSTER_NO_MATCH' } });
    }
    expect(await getDoc(cloud, 'members', row.id)).toMatchObject({
      status: 'unbound',
      openid: `unbound:${row.id}`,
    });
    expect(await findDocs(cloud, 'bindings', { openid: o })).toEqual([]);
    expect((await getDoc<{ failures: number[] }>(cloud, 'throttles', `bind:${o}`))?.failures).toHaveLength(3);
  });

  it('answers ROSTER_NO_MATCH (like a wrong name: no existence oracle) when another user holds the row', async () => {
    const row = await freshRow();
    expect(await bind(uniq('o_u'), { name: row.name, staffNo: row.staffNo })).toMatchObject({ ok: true });
    const before = await getDoc(cloud, 'members', row.id);
    const o2 = uniq('o_u');
    expect(await bind(o2, { name: row.name, staffNo: row.staffNo })).toMatchObject({
      ok: false,
      error: { code: 'ROSTER_NO_MATCH' },
    });
    expect(await getDoc(cloud, 'members', row.id)).toEqual(before);
    expect(await findDocs(cloud, 'bindings', { openid: o2 })).toEqual([]);
  });

  it('answers ALREADY_BOUND to a caller holding a row (pending or active), changing nothing', async () => {
    const row = await freshRow();
    const before = await snapshot(cloud);
    for (const o of [CALLERS.pending, CALLERS.memberThis]) {
      expect(await bind(o, { name: row.name, staffNo: row.staffNo })).toMatchObject({
        ok: false,
        error: { code: 'ALREADY_BOUND' },
      });
    }
    expect(await snapshot(cloud)).toEqual(before);
  });

  it('the database refuses a second row for one openid (unique index), whatever the code does', async () => {
    const err = await cloud
      .db()
      .collection('members')
      .doc('m_memB')
      .update({ openid: CALLERS.memberThis })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(String((err as Error)?.message ?? err)).toMatch(/duplicate/i);
    expect(await getDoc(cloud, 'members', 'm_memB')).toMatchObject({ openid: CALLERS.memberOther });
  });

  it('two concurrent binds of one openid to two rows: exactly one wins', async () => {
    const a = await freshRow('甲某');
    const b = await freshRow('乙某');
    const o = uniq('o_u');
    const [r1, r2] = await Promise.all([
      bind(o, { name: a.name, staffNo: a.staffNo }),
      bind(o, { name: b.name, staffNo: b.staffNo }),
    ]);
    expect([r1.ok, r2.ok].filter(Boolean)).toHaveLength(1);
    const loser = r1.ok ? r2 : r1;
    expect(loser).toMatchObject({ ok: false, error: { code: 'ALREADY_BOUND' } });
    expect(await findDocs(cloud, 'members', { openid: o })).toHaveLength(1);
  });

  it('throttles after 5 failures in an hour: RATE_LIMITED even for a correct match, nothing bound', async () => {
    const row = await freshRow();
    const o = uniq('o_u');
    for (let i = 0; i < 5; i++) {
      expect(await bind(o, { name: row.name, staffNo: `GUESS00${i}` })).toMatchObject({
        error: { code: 'ROSTER_NO_MATCH' },
      });
    }
    const r = await bind(o, { name: row.name, staffNo: row.staffNo });
    expect(r).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    if (!r.ok) expect(r.error.details?.retryAt).toEqual(expect.any(Number));
    expect(await getDoc(cloud, 'members', row.id)).toMatchObject({ status: 'unbound' });
    expect((await getDoc<{ failures: number[] }>(cloud, 'throttles', `bind:${o}`))?.failures).toHaveLength(5);
    // another WeChat user is not affected
    expect(await bind(uniq('o_u'), { name: row.name, staffNo: row.staffNo })).toMatchObject({ ok: true });
  });
});

describe('member.reviewBinding', () => {
  it('approve: the row becomes active, the request approved, an audit entry with before/after', async () => {
    const p = await pendingRow();
    expect(await review(CALLERS.secretaryThis, { memberId: p.id, decision: 'approve' })).toEqual({
      ok: true,
      // no consent to the decision notice: nothing sent, and the secretary is told so
      data: { status: 'active', notified: false },
    });
    expect(await getDoc(cloud, 'members', p.id)).toMatchObject({
      status: 'active',
      openid: p.openid,
      boundAt: expect.any(Number),
    });
    expect(await findDocs(cloud, 'bindings', { memberId: p.id })).toMatchObject([
      { status: 'approved', decidedBy: 'm_secA' },
    ]);
    const audit = await findDocs(cloud, 'audit', { targetId: p.id });
    expect(audit.find((a) => a.action === 'member.reviewBinding')).toMatchObject({
      actor: 'm_secA',
      before: { status: 'pending' },
      after: { status: 'active', decision: 'approve' },
    });
    const me = await cloud.call<TMeOutput>('member', { action: 'me' }, p.openid);
    expect(me).toMatchObject({ ok: true, data: { member: { status: 'active' }, roles: ['member'] } });
  });

  it('reject needs a reason; then the row is free again and the user sees the reason', async () => {
    const p = await pendingRow();
    const noReason = await review(CALLERS.secretaryThis, { memberId: p.id, decision: 'reject' });
    expect(noReason).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: 'payload.reason' }] } },
    });
    expect(await getDoc(cloud, 'members', p.id)).toMatchObject({ status: 'pending' });
    expect(
      await review(CALLERS.admin, { memberId: p.id, decision: 'reject', reason: '工号与姓名不符' }),
    ).toEqual({
      ok: true,
      data: { status: 'unbound', notified: false },
    });
    expect(await getDoc(cloud, 'members', p.id)).toMatchObject({
      status: 'unbound',
      openid: `unbound:${p.id}`,
    });
    const me = await cloud.call<TMeOutput>('member', { action: 'me' }, p.openid);
    expect(me).toMatchObject({
      ok: true,
      data: { member: null, binding: { status: 'rejected', reason: '工号与姓名不符', memberId: p.id } },
    });
    // re-bind after the rejection
    expect(await bind(p.openid, { name: p.name, staffNo: p.staffNo })).toMatchObject({
      ok: true,
      data: { status: 'pending' },
    });
    expect(await findDocs(cloud, 'bindings', { memberId: p.id })).toHaveLength(2);
  });

  it('a decided binding cannot be decided again (CONFLICT), nothing written', async () => {
    const p = await pendingRow();
    await review(CALLERS.secretaryThis, { memberId: p.id, decision: 'approve' });
    const before = await snapshot(cloud);
    expect(
      await review(CALLERS.secretaryThis, { memberId: p.id, decision: 'reject', reason: 'x' }),
    ).toMatchObject({
      error: { code: 'CONFLICT' },
    });
    expect(await snapshot(cloud)).toEqual(before);
  });

  it('admin answers NOT_FOUND for a missing member; a secretary gets FORBIDDEN (existence not revealed)', async () => {
    expect(await review(CALLERS.admin, { memberId: 'nope', decision: 'approve' })).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
    expect(await review(CALLERS.secretaryThis, { memberId: 'nope', decision: 'approve' })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('member.unbind / setRoles / deletion', () => {
  it('unbind: the row returns to the roster, the request ends, audit keeps the reason; the user can bind again', async () => {
    const row = await boundRow(CALLERS.secretaryThis);
    const o = row.openid;
    expect(
      await cloud.call(
        'member',
        { action: 'unbind', payload: { memberId: row.id, reason: '更换微信号' } },
        CALLERS.admin,
      ),
    ).toEqual({
      ok: true,
      data: { status: 'unbound' },
    });
    expect(await getDoc(cloud, 'members', row.id)).toMatchObject({
      status: 'unbound',
      openid: `unbound:${row.id}`,
      boundAt: null,
    });
    const audit = await findDocs(cloud, 'audit', { targetId: row.id });
    expect(audit.find((a) => a.action === 'member.unbind')).toMatchObject({
      actor: 'm_admin',
      reason: '更换微信号',
      before: { status: 'active' },
    });
    expect((await findDocs(cloud, 'bindings', { memberId: row.id }))[0]).toMatchObject({ status: 'ended' });
    expect(await bind(o, { name: row.name, staffNo: row.staffNo })).toMatchObject({ ok: true });
  });

  it('setRoles always keeps member, writes before/after to audit; the new secretary may review their branch', async () => {
    const row = await boundRow(CALLERS.admin);
    const o = row.openid;
    expect(
      await cloud.call(
        'member',
        { action: 'setRoles', payload: { memberId: row.id, roles: ['secretary'] } },
        CALLERS.admin,
      ),
    ).toEqual({
      ok: true,
      data: { roles: ['member', 'secretary'] },
    });
    const audit = await findDocs(cloud, 'audit', { targetId: row.id });
    expect(audit.find((a) => a.action === 'member.setRoles')).toMatchObject({
      before: { roles: ['member'] },
      after: { roles: ['member', 'secretary'] },
    });
    const p = await pendingRow();
    expect(await review(o, { memberId: p.id, decision: 'approve' })).toMatchObject({ ok: true });
  });

  it('an admin cannot drop their own admin role (nobody could undo it); nothing written', async () => {
    const before = await snapshot(cloud);
    expect(
      await cloud.call(
        'member',
        { action: 'setRoles', payload: { memberId: 'm_admin', roles: ['member'] } },
        CALLERS.admin,
      ),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await snapshot(cloud)).toEqual(before);
  });

  it('a bootstrap admin (APP_ADMIN_OPENIDS) without a row acts as admin', async () => {
    const r = await cloud.call<{ id: string }>(
      'member',
      { action: 'createBranch', payload: { name: '公共卫生学院党支部' } },
      'o_boot',
    );
    expect(r).toMatchObject({ ok: true });
    const audit = await findDocs(cloud, 'audit', { actor: 'openid:o_boot' });
    expect(audit).toMatchObject([{ action: 'member.createBranch' }]);
  });

  it('requestDeletion then completeDeletion anonymises the row and keeps the audit trail', async () => {
    const row = await boundRow(CALLERS.secretaryThis, '孙丽');
    const o = row.openid;
    expect(
      await cloud.call(
        'member',
        { action: 'completeDeletion', payload: { memberId: row.id } },
        CALLERS.admin,
      ),
    ).toMatchObject({
      error: { code: 'CONFLICT' },
    });
    expect(
      await cloud.call('member', { action: 'requestDeletion', payload: { reason: '退休' } }, o),
    ).toMatchObject({
      ok: true,
      data: { quitRequestedAt: expect.any(Number) },
    });
    expect(
      await cloud.call(
        'member',
        { action: 'completeDeletion', payload: { memberId: row.id } },
        CALLERS.admin,
      ),
    ).toEqual({
      ok: true,
      data: { status: 'left' },
    });
    const doc = await getDoc(cloud, 'members', row.id);
    expect(doc).toMatchObject({ status: 'left', name: '已注销', phone: null, openid: `unbound:${row.id}` });
    expect(JSON.stringify(doc)).not.toContain(row.staffNo);
    expect(JSON.stringify(await findDocs(cloud, 'bindings', { memberId: row.id }))).not.toContain(o);
    const actions = (await findDocs(cloud, 'audit', { targetId: row.id })).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'member.bind',
        'member.reviewBinding',
        'member.requestDeletion',
        'member.completeDeletion',
      ]),
    );
    // the WeChat user is free again and the old number no longer matches
    expect(await cloud.call<TMeOutput>('member', { action: 'me' }, o)).toMatchObject({
      data: { member: null },
    });
    expect(await bind(o, { name: row.name, staffNo: row.staffNo })).toMatchObject({
      error: { code: 'ROSTER_NO_MATCH' },
    });
  });
});

describe('privacy', () => {
  type Row = { id: string; staffNo: string; phone: string | null; masked?: boolean };
  const list = (openid: string) =>
    cloud.call<Row[]>('member', { action: 'listMembers', payload: { branchId: 'bA' } }, openid);

  it('a member sees fellow members masked and only themself unmasked; secretary and admin see all unmasked', async () => {
    const r = await list(CALLERS.memberThis);
    if (!r.ok) throw new Error(JSON.stringify(r));
    const self = r.data.find((m) => m.id === 'm_memA');
    const other = r.data.find((m) => m.id === 'm_secA');
    expect(self).toMatchObject({ staffNo: '20100001', phone: '13812345678', masked: false });
    expect(other).toMatchObject({ staffNo: '20****02', phone: '138****1234', masked: true });
    expect(r.data.every((m) => m.id === 'm_memA' || m.masked)).toBe(true);
    // plain members see active rows only
    expect(r.data.find((m) => m.id === 'm_pendA')).toBeUndefined();
    for (const o of [CALLERS.secretaryThis, CALLERS.admin]) {
      const s = await list(o);
      if (!s.ok) throw new Error(JSON.stringify(s));
      expect(s.data.find((m) => m.id === 'm_memA')).toMatchObject({
        staffNo: '20100001',
        phone: '13812345678',
      });
      expect(s.data.find((m) => m.id === 'm_pendA')).toMatchObject({ status: 'pending' });
    }
  });

  it('myData answers the caller row (the roster phone hidden while pending), binding requests and audit entries about them', async () => {
    const r = await cloud.call<{ member: Record<string, unknown>; records: Record<string, unknown[]> }>(
      'member',
      { action: 'myData' },
      CALLERS.pending,
    );
    expect(r).toMatchObject({
      ok: true,
      data: {
        member: { id: 'm_pendA', staffNo: '20100003', phone: null, phoneHidden: true, status: 'pending' },
      },
    });
    if (!r.ok) return;
    expect(r.data.records.bindings).toMatchObject([{ memberId: 'm_pendA', status: 'pending' }]);
    expect(Object.keys(r.data.records).sort()).toEqual([
      'audit',
      'bindings',
      'checkins',
      'credits',
      'requests',
      'throttles',
    ]);
  });

  it('no personal data in the audit trail', async () => {
    const all = await findDocs(cloud, 'audit', { branchId: 'bA' });
    const text = JSON.stringify(all);
    for (const pii of ['20100001', '13812345678', '王建国', '周晓梅']) expect(text).not.toContain(pii);
  });
});
