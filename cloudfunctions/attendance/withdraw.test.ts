import { useLocalCloud } from '../../testing/cloud';
import { activityDoc, addBranches, allWhere, memberDoc } from '../../testing/fixtures';
import type { TAuditOutput, TMyRequestsOutput, TReviewOutput } from '../../types/attendance';

/**
 * 撤回 (attendance.withdrawRequest): the member takes back their own pending request. Allowed and
 * refused transitions, each checked on the code and on what the database holds afterwards.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_admin' } });

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const T0 = Date.now();

const call = <T>(action: string, payload: unknown, who: string) =>
  cloud.call<T>('attendance', { action, payload }, who);
const requests = async (activityId: string) =>
  (await allWhere(cloud, 'requests', { activityId })).sort((x, y) =>
    String(x._id).localeCompare(String(y._id)),
  );

beforeAll(async () => {
  const db = cloud.db();
  await addBranches(cloud, T0, ['b1']);
  for (const m of [
    memberDoc(T0, 'sec', 'b1', ['member', 'secretary']),
    memberDoc(T0, 'a', 'b1'),
    memberDoc(T0, 'b', 'b1'),
  ])
    await db.collection('members').add(m);
  await db
    .collection('activities')
    .add(activityDoc(T0, 'future', T0 + 2 * DAY, 'b1', { title: '支部大会', approval: 'risk' }));
  await db
    .collection('activities')
    .add(activityDoc(T0, 'past', T0 - 2 * HOUR, 'b1', { title: '党小组会', approval: 'risk' }));
});

describe('withdrawRequest', () => {
  let leaveId = '';

  it('the member withdraws their pending leave: status withdrawn, one audit entry, leaves the queue', async () => {
    const r = await call<{ id: string }>('requestLeave', { activityId: 'future', reason: '外出进修' }, 'o_a');
    expect(r).toMatchObject({ ok: true });
    leaveId = r.ok ? r.data.id : '';

    const w = await call('withdrawRequest', { id: leaveId }, 'o_a');
    expect(w).toEqual({ ok: true, data: { id: leaveId, status: 'withdrawn' } });

    const [doc] = await requests('future');
    expect(doc).toMatchObject({ _id: leaveId, status: 'withdrawn', memberId: 'a' });
    const audit = await allWhere(cloud, 'audit', { targetId: leaveId });
    const byAt = [...audit].sort((x, y) => Number(x.at) - Number(y.at));
    expect(byAt.map((e) => [e.action, e.actor])).toEqual([
      ['request.leave', 'a'],
      ['request.withdraw', 'a'],
    ]);
    expect(byAt[1]).toMatchObject({ before: { status: 'pending' }, after: { status: 'withdrawn' } });
    const q = await call<{ id: string }[]>('queue', { branchId: 'b1', kind: 'leave' }, 'o_sec');
    expect(q.ok && q.data.map((i) => i.id)).toEqual([]);
    const mine = await call<TMyRequestsOutput>('myRequests', { activityId: 'future' }, 'o_a');
    expect(mine.ok && mine.data.map((x) => x.status)).toEqual(['withdrawn']);
  });

  it('the audit trail names the member who withdrew', async () => {
    const log = await call<TAuditOutput>('audit', { activityId: 'future' }, 'o_sec');
    expect(log.ok && log.data[0]).toMatchObject({
      action: 'request.withdraw',
      actorName: '成员a',
      targetName: '成员a',
      before: { status: 'pending' },
      after: { status: 'withdrawn' },
    });
  });

  it('refuses a second withdrawal with CONFLICT and writes nothing', async () => {
    const before = await allWhere(cloud, 'audit', { targetId: leaveId });
    expect(await call('withdrawRequest', { id: leaveId }, 'o_a')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { status: 'withdrawn' } },
    });
    expect(await allWhere(cloud, 'audit', { targetId: leaveId })).toHaveLength(before.length);
  });

  it('the member may ask again after withdrawing', async () => {
    const again = await call('requestLeave', { activityId: 'future', reason: '临时手术' }, 'o_a');
    expect(again).toMatchObject({ ok: true, data: { status: 'pending' } });
    expect((await requests('future')).map((d) => d.status)).toEqual(['withdrawn', 'pending']);
  });

  it("answers NOT_FOUND for another member's request and for an unknown id; nothing changes", async () => {
    const [, open] = await requests('future');
    expect(await call('withdrawRequest', { id: String(open._id) }, 'o_b')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await call('withdrawRequest', { id: 'future:a:leave:9' }, 'o_a')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect((await requests('future')).map((d) => d.status)).toEqual(['withdrawn', 'pending']);
  });

  it('refuses once the secretary has decided (approved or rejected): CONFLICT, status unchanged', async () => {
    const [, open] = await requests('future');
    const id = String(open._id);
    const rev = await call<TReviewOutput>('review', { items: [{ id, decision: 'approve' }] }, 'o_sec');
    expect(rev).toEqual({ ok: true, data: [{ id, ok: true, status: 'approved' }] });
    expect(await call('withdrawRequest', { id }, 'o_a')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { status: 'approved' } },
    });
    const mk = await call<{ id: string }>('requestMakeup', { activityId: 'past', reason: '手机没电' }, 'o_b');
    const mkId = mk.ok ? mk.data.id : '';
    await call('review', { items: [{ id: mkId, decision: 'reject', reason: '未见到场' }] }, 'o_sec');
    expect(await call('withdrawRequest', { id: mkId }, 'o_b')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { status: 'rejected' } },
    });
    expect((await requests('future')).map((d) => d.status)).toEqual(['withdrawn', 'approved']);
    expect((await requests('past')).map((d) => d.status)).toEqual(['rejected']);
  });

  it('a withdrawn request can no longer be reviewed (CONFLICT)', async () => {
    const rev = await call<TReviewOutput>(
      'review',
      { items: [{ id: leaveId, decision: 'approve' }] },
      'o_sec',
    );
    expect(rev).toMatchObject({ ok: true, data: [{ id: leaveId, ok: false, code: 'CONFLICT' }] });
    expect((await requests('future'))[0]).toMatchObject({ _id: leaveId, status: 'withdrawn' });
  });

  it('bad input answers INVALID_ARGUMENT naming the field', async () => {
    expect(await call('withdrawRequest', {}, 'o_a')).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        details: { fields: [expect.objectContaining({ path: 'payload.id' })] },
      },
    });
    expect(await call('withdrawRequest', { id: leaveId, extra: 1 }, 'o_a')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
  });

  it('needs an active member (an unknown WeChat user is NOT_BOUND)', async () => {
    expect(await call('withdrawRequest', { id: leaveId }, 'o_stranger')).toMatchObject({
      ok: false,
      error: { code: 'NOT_BOUND' },
    });
  });
});
