import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { useLocalCloud } from '../../testing/cloud';
import { activityDoc, addBranches, allWhere, memberDoc } from '../../testing/fixtures';
import type {
  TAuditOutput,
  TBranchStats,
  TExportOutput,
  TGetMinutesOutput,
  TListDelegationsOutput,
  TMyRequestsOutput,
  TQueueOutput,
  TReviewOutput,
  TRosterOutput,
  TStatsOutput,
} from '../../types/attendance';

/**
 * attendance end to end: gateway → bundled function → real SDK → local cloud (strict indexes).
 * Every refusal is checked on the code AND on what the database holds afterwards.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_admin' } });

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const T0 = Date.now();

const member = (id: string, branchId: string, roles: string[] = ['member']) =>
  memberDoc(T0, id, branchId, roles);

const activity = (id: string, startAt: number, branchId = 'b1', type = 'group_meeting') =>
  activityDoc(T0, id, startAt, branchId, { type, title: `活动${id}`, approval: 'risk' });

function checkin(
  activityId: string,
  memberId: string,
  status: string,
  flags: string[] = [],
  at = T0 - 110 * 60_000,
) {
  return {
    _id: `${activityId}:${memberId}`,
    activityId,
    memberId,
    branchId: 'b1',
    memberName: `成员${memberId}`,
    status,
    method: 'rotating',
    flags,
    at,
    checkedInAt: at,
    nonce: `nonce_${memberId}_${activityId}`,
    deviceId: `dev_${memberId}`,
    location: { lat: 31.2, lng: 121.4, accuracy: 25 },
    evidence: { distanceM: flags.includes('outside_fence') ? 412.4 : 20, location: { accuracy: 25 } },
    createdAt: at,
    updatedAt: at,
  };
}

const call = <T>(action: string, payload: unknown, who: string) =>
  cloud.call<T>('attendance', { action, payload }, who);

const all = (coll: string, where: Record<string, unknown>) => allWhere(cloud, coll, where);
/** Everything a decision could touch: records, requests and audit of branch b1. */
const snapshot = async () => ({
  checkins: [
    ...(await all('checkins', { activityId: 'past' })),
    ...(await all('checkins', { activityId: 'past2' })),
  ],
  requests: [
    ...(await all('requests', { activityId: 'past' })),
    ...(await all('requests', { activityId: 'future' })),
  ],
  audit: await all('audit', { branchId: 'b1' }),
});
const auditFor = async (targetId: string) =>
  (await all('audit', { targetId })).sort((x, y) => Number(x.at) - Number(y.at));

beforeAll(async () => {
  const db = cloud.db();
  await addBranches(cloud, T0, ['b1', 'b2']);
  for (const m of [
    member('sec', 'b1', ['member', 'secretary']),
    member('a', 'b1'),
    member('b', 'b1'),
    member('c', 'b1'),
    member('d', 'b1'),
    member('e', 'b1'),
    member('sec2', 'b2', ['member', 'secretary']),
  ])
    await db.collection('members').add(m);
  // past: started 2 h ago (window closed 1.5 h ago: make-up open); past2: same, for delegation tests;
  // old: 5 days ago (make-up closed); future: in 2 days.
  await db.collection('activities').add(activity('past', T0 - 2 * HOUR));
  await db.collection('activities').add(activity('past2', T0 - 3 * HOUR, 'b1', 'committee_meeting'));
  await db.collection('activities').add(activity('old', T0 - 5 * DAY));
  await db.collection('activities').add(activity('future', T0 + 2 * DAY));
  await db.collection('activities').add(activity('other', T0 - 2 * HOUR, 'b2'));
  await db.collection('checkins').add(checkin('past', 'a', 'pending', ['outside_fence'], T0 - 100 * 60_000));
  await db.collection('checkins').add(checkin('past', 'b', 'pending', [], T0 - 105 * 60_000));
  await db.collection('checkins').add(checkin('past', 'c', 'approved'));
  await db.collection('checkins').add(checkin('past2', 'a', 'pending', [], T0 - 170 * 60_000));
  await db.collection('checkins').add(checkin('past2', 'c', 'pending', [], T0 - 171 * 60_000));
  // an expired delegation to c (ended yesterday): grants nothing
  await db.collection('delegations').add({
    _id: 'dl_expired',
    branchId: 'b1',
    fromMemberId: 'sec',
    toMemberId: 'c',
    from: T0 - 3 * DAY,
    to: T0 - DAY,
    revokedAt: null,
    createdAt: T0 - 3 * DAY,
    createdBy: 'sec',
  });
});

describe('queue', () => {
  it('shows the secretary pending check-ins with flags and evidence, newest first', async () => {
    const r = await call<TQueueOutput>('queue', { activityId: 'past' }, 'o_sec');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.map((i) => i.id)).toEqual(['past:a', 'past:b']);
    expect(r.data[0]).toMatchObject({
      kind: 'checkin',
      memberName: '成员a',
      flags: ['outside_fence'],
      activityTitle: '活动past',
      evidence: { distanceM: 412, accuracy: 25, deviceId: 'dev_a', method: 'rotating' },
    });
  });

  it('refuses a plain member and another branch’s secretary', async () => {
    expect(await call('queue', { branchId: 'b1' }, 'o_a')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await call('queue', { branchId: 'b1' }, 'o_sec2')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await call('queue', { activityId: 'past' }, 'o_c')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('review', () => {
  it('refuses a plain member and an expired delegate with FORBIDDEN, and changes nothing', async () => {
    const before = await snapshot();
    for (const who of ['o_a', 'o_c']) {
      const r = await call('review', { items: [{ id: 'past:b', decision: 'approve' }] }, who);
      expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers NOT_FOUND per item to another branch’s secretary, and changes nothing', async () => {
    const before = await snapshot();
    const r = await call<TReviewOutput>(
      'review',
      { items: [{ id: 'past:b', decision: 'approve' }] },
      'o_sec2',
    );
    expect(r).toEqual({ ok: true, data: [{ id: 'past:b', ok: false, code: 'NOT_FOUND' }] });
    expect(await snapshot()).toEqual(before);
  });

  it('in a batch approves only unflagged items; a reject needs a reason; each item answers', async () => {
    const r = await call<TReviewOutput>(
      'review',
      {
        items: [
          { id: 'past:a', decision: 'approve' },
          { id: 'past:b', decision: 'approve' },
          { id: 'past:c', decision: 'reject' },
          { id: 'nope', decision: 'approve' },
        ],
      },
      'o_sec',
    );
    expect(r).toEqual({
      ok: true,
      data: [
        { id: 'past:a', ok: false, code: 'FORBIDDEN', why: 'needs_individual_review' },
        { id: 'past:b', ok: true, status: 'approved' },
        { id: 'past:c', ok: false, code: 'INVALID_ARGUMENT' },
        { id: 'nope', ok: false, code: 'NOT_FOUND' },
      ],
    });
    const [a, b, c] = await all('checkins', { activityId: 'past' });
    expect(a).toMatchObject({ status: 'pending' });
    expect(b).toMatchObject({ status: 'approved', decidedBy: 'sec', updatedAt: expect.any(Number) });
    expect(c).toMatchObject({ status: 'approved' });
    const entries = await auditFor('past:b');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: 'sec',
      action: 'review.approve',
      branchId: 'b1',
      activityId: 'past',
      before: { status: 'pending' },
      after: { status: 'approved' },
    });
    expect(await auditFor('past:a')).toHaveLength(0);
  });

  it('approves a flagged item on its own; deciding it again answers CONFLICT and changes nothing', async () => {
    const ok = await call<TReviewOutput>(
      'review',
      { items: [{ id: 'past:a', decision: 'approve' }] },
      'o_sec',
    );
    expect(ok).toEqual({ ok: true, data: [{ id: 'past:a', ok: true, status: 'approved' }] });
    const before = await snapshot();
    const again = await call<TReviewOutput>(
      'review',
      { items: [{ id: 'past:a', decision: 'reject', reason: '位置不符' }] },
      'o_sec',
    );
    expect(again).toEqual({ ok: true, data: [{ id: 'past:a', ok: false, code: 'CONFLICT' }] });
    expect(await snapshot()).toEqual(before);
    expect(await auditFor('past:a')).toHaveLength(1);
  });

  it('undo of a wrong approval needs a reason, revokes the record and adds one audit entry', async () => {
    expect(await call('undo', { id: 'past:a', kind: 'checkin' }, 'o_sec')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(await call('undo', { id: 'past:a', kind: 'checkin', reason: '误批' }, 'o_a')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const r = await call('undo', { id: 'past:a', kind: 'checkin', reason: '误批：本人不在场' }, 'o_sec');
    expect(r).toEqual({ ok: true, data: { id: 'past:a', status: 'revoked' } });
    const [a] = await all('checkins', { activityId: 'past' });
    expect(a).toMatchObject({ _id: 'past:a', status: 'revoked', reviewReason: '误批：本人不在场' });
    const entries = await auditFor('past:a');
    expect(entries).toHaveLength(2);
    expect(entries.find((e) => e.action === 'review.undo')).toMatchObject({
      before: { status: 'approved' },
      after: { status: 'revoked' },
      reason: '误批：本人不在场',
    });
    // undoing again: CONFLICT, nothing changes
    const before = await snapshot();
    expect(await call('undo', { id: 'past:a', kind: 'checkin', reason: '再来' }, 'o_sec')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await snapshot()).toEqual(before);
  });
});

describe('concurrent decisions', () => {
  it('nobody reviews their own record: the secretary is refused, an admin decides it', async () => {
    await cloud
      .db()
      .collection('checkins')
      .add(checkin('past2', 'sec', 'pending', [], T0 - 165 * 60_000));
    const before = await snapshot();
    const own = await call<TReviewOutput>(
      'review',
      { items: [{ id: 'past2:sec', decision: 'approve' }] },
      'o_sec',
    );
    expect(own).toEqual({
      ok: true,
      data: [{ id: 'past2:sec', ok: false, code: 'FORBIDDEN', why: 'self_review' }],
    });
    expect(await snapshot()).toEqual(before);
    const admin = await call<TReviewOutput>(
      'review',
      { items: [{ id: 'past2:sec', decision: 'approve' }] },
      'o_admin',
    );
    expect(admin).toEqual({ ok: true, data: [{ id: 'past2:sec', ok: true, status: 'approved' }] });
    expect(await auditFor('past2:sec')).toEqual([
      expect.objectContaining({ actor: 'openid:o_admin', action: 'review.approve' }),
    ]);
  });

  it('two reviewers deciding the same item at once: one wins, the other gets CONFLICT, one audit entry', async () => {
    await cloud
      .db()
      .collection('checkins')
      .add(checkin('past2', 'd', 'pending', [], T0 - 160 * 60_000));
    const [x, y] = await Promise.all([
      call<TReviewOutput>('review', { items: [{ id: 'past2:d', decision: 'approve' }] }, 'o_sec'),
      call<TReviewOutput>(
        'review',
        { items: [{ id: 'past2:d', decision: 'reject', reason: '未到场' }] },
        'o_admin',
      ),
    ]);
    const results = [x, y].map((r) => (r.ok ? r.data[0] : null));
    expect(results.filter((r) => r?.ok)).toHaveLength(1);
    expect(results.filter((r) => r && !r.ok && r.code === 'CONFLICT')).toHaveLength(1);
    const winner = results.find((r) => r?.ok)!;
    const [doc] = (await all('checkins', { activityId: 'past2' })).filter((c) => c._id === 'past2:d');
    expect(doc.status).toBe(winner.status);
    expect(await auditFor('past2:d')).toHaveLength(1);
  });
});

describe('leave and make-up', () => {
  it('leave only before the start; a second open one is a CONFLICT', async () => {
    expect(await call('requestLeave', { activityId: 'past', reason: '出差' }, 'o_d')).toMatchObject({
      ok: false,
      error: { code: 'LEAVE_TOO_LATE' },
    });
    const r = await call<{ id: string }>(
      'requestLeave',
      { activityId: 'future', reason: '外出参加学术会议' },
      'o_d',
    );
    expect(r).toMatchObject({ ok: true, data: { status: 'pending' } });
    expect(await call('requestLeave', { activityId: 'future', reason: '再请' }, 'o_d')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await call('requestLeave', { activityId: 'other', reason: 'x' }, 'o_d')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await all('requests', { activityId: 'future' })).toHaveLength(1);
  });

  it('a rejected leave shows its reason to the member; nothing is deleted', async () => {
    const q = await call<TQueueOutput>('queue', { branchId: 'b1', kind: 'leave' }, 'o_sec');
    expect(q.ok && q.data.map((i) => [i.kind, i.memberId, i.reason])).toEqual([
      ['leave', 'd', '外出参加学术会议'],
    ]);
    const id = q.ok ? q.data[0].id : '';
    const r = await call<TReviewOutput>(
      'review',
      { items: [{ id, decision: 'reject', reason: '支部大会须本人参加' }] },
      'o_sec',
    );
    expect(r).toEqual({ ok: true, data: [{ id, ok: true, status: 'rejected' }] });
    const mine = await call<TMyRequestsOutput>('myRequests', {}, 'o_d');
    expect(mine.ok && mine.data).toEqual([
      expect.objectContaining({ id, kind: 'leave', status: 'rejected', reviewReason: '支部大会须本人参加' }),
    ]);
    // may ask again after a rejection; the first request stays
    const again = await call('requestLeave', { activityId: 'future', reason: '临时手术' }, 'o_d');
    expect(again).toMatchObject({ ok: true });
    const docs = await all('requests', { activityId: 'future' });
    expect(docs.map((d) => d.status).sort()).toEqual(['pending', 'rejected']);
  });

  it('make-up: after the window within 3 days; approved → a check-in with method makeup', async () => {
    expect(await call('requestMakeup', { activityId: 'future', reason: '忘了' }, 'o_d')).toMatchObject({
      ok: false,
      error: { code: 'MAKEUP_WINDOW_CLOSED', details: { notYetOpen: true } },
    });
    expect(await call('requestMakeup', { activityId: 'old', reason: '忘了' }, 'o_d')).toMatchObject({
      ok: false,
      error: { code: 'MAKEUP_WINDOW_CLOSED', details: { notYetOpen: false } },
    });
    // c already has an approved check-in for past
    expect(await call('requestMakeup', { activityId: 'past', reason: 'x' }, 'o_c')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const r = await call<{ id: string }>(
      'requestMakeup',
      { activityId: 'past', reason: '手机没电，已到场' },
      'o_d',
    );
    expect(r).toMatchObject({ ok: true, data: { status: 'pending' } });
    const id = r.ok ? r.data.id : '';
    const ok = await call<TReviewOutput>('review', { items: [{ id, decision: 'approve' }] }, 'o_sec');
    expect(ok).toEqual({ ok: true, data: [{ id, ok: true, status: 'approved' }] });
    const rec = (await all('checkins', { activityId: 'past' })).find((c) => c.memberId === 'd');
    expect(rec).toMatchObject({ _id: 'past:d', status: 'approved', method: 'makeup', branchId: 'b1' });
    expect(await auditFor(id)).toEqual([
      expect.objectContaining({ action: 'request.makeup' }),
      expect.objectContaining({
        action: 'review.approve',
        after: { status: 'approved', checkinId: 'past:d' },
      }),
    ]);
    // undo the make-up approval: the request and its check-in are revoked
    expect(await call('undo', { id, kind: 'makeup', reason: '核实未到场' }, 'o_sec')).toMatchObject({
      ok: true,
    });
    expect((await all('checkins', { activityId: 'past' })).find((c) => c.memberId === 'd')).toMatchObject({
      status: 'revoked',
      method: 'makeup',
    });
    expect(await auditFor(id)).toHaveLength(3);
  });

  it('manual add is forced, with a reason, one audit entry; twice → CONFLICT', async () => {
    const r = await call(
      'manualAdd',
      { activityId: 'past', memberId: 'e', reason: '签到设备故障，现场确认' },
      'o_sec',
    );
    expect(r).toEqual({ ok: true, data: { checkinId: 'past:e' } });
    expect((await all('checkins', { activityId: 'past' })).find((c) => c._id === 'past:e')).toMatchObject({
      status: 'approved',
      method: 'manual',
      forced: true,
      reviewReason: '签到设备故障，现场确认',
    });
    const before = await snapshot();
    expect(
      await call('manualAdd', { activityId: 'past', memberId: 'e', reason: 'x' }, 'o_sec'),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(
      await call('manualAdd', { activityId: 'past', memberId: 'a', reason: 'x' }, 'o_sec2'),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await snapshot()).toEqual(before);
    expect(await auditFor('past:e')).toHaveLength(1);
  });
});

describe('delegation', () => {
  it('a delegate reviews the branch while the delegation runs; the audit names both', async () => {
    const d = await call<{ id: string }>(
      'delegate',
      { branchId: 'b1', toMemberId: 'b', from: T0 - HOUR, to: T0 + DAY, reason: '书记出差' },
      'o_sec',
    );
    expect(d).toMatchObject({ ok: true });
    expect(
      await call('delegate', { branchId: 'b1', toMemberId: 'b', from: T0, to: T0 + DAY }, 'o_b'),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const seen = await call<TListDelegationsOutput>('listDelegations', {}, 'o_b');
    expect(seen.ok && seen.data.map((x) => [x.toMemberId, x.fromMemberId, x.status])).toEqual([
      ['b', 'sec', 'active'],
    ]);
    const sec = await call<TListDelegationsOutput>('listDelegations', {}, 'o_sec');
    expect(sec.ok && sec.data.map((x) => x.status).sort()).toEqual(['active', 'expired']);

    const q = await call<TQueueOutput>('queue', { activityId: 'past2' }, 'o_b');
    expect(q.ok && q.data.map((i) => i.id)).toEqual(['past2:a', 'past2:c']);
    const r = await call<TReviewOutput>(
      'review',
      {
        items: [
          { id: 'past2:a', decision: 'approve' },
          { id: 'past2:c', decision: 'approve' },
        ],
      },
      'o_b',
    );
    expect(r).toEqual({
      ok: true,
      data: [
        { id: 'past2:a', ok: true, status: 'approved' },
        { id: 'past2:c', ok: true, status: 'approved' },
      ],
    });
    const [entry] = await auditFor('past2:a');
    expect(entry).toMatchObject({ actor: 'b', onBehalfOf: 'sec', action: 'review.approve' });
    const view = await call<TAuditOutput>('audit', { activityId: 'past2' }, 'o_sec');
    expect(view.ok && view.data[0]).toMatchObject({
      actorName: '成员b',
      onBehalfOfName: '成员sec',
      targetName: expect.stringMatching(/^成员[ac]$/),
    });

    // revoked: the grant ends at once
    expect(await call('revokeDelegation', { delegationId: d.ok ? d.data.id : '' }, 'o_sec')).toMatchObject({
      ok: true,
    });
    expect(await call('queue', { activityId: 'past2' }, 'o_b')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('roster, minutes, stats, export', () => {
  it('roster lists expected, present, pending, leave and absent', async () => {
    const r = await call<TRosterOutput>('roster', { activityId: 'past' }, 'o_sec');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const ids = (l: { memberId: string }[]) => l.map((m) => m.memberId).sort();
    expect(ids(r.data.expected)).toEqual(['a', 'b', 'c', 'd', 'e', 'sec']);
    expect(ids(r.data.present)).toEqual(['b', 'c', 'e']);
    expect(ids(r.data.absent)).toEqual(['a', 'd', 'sec']);
    expect(r.data.pending).toEqual([]);
    expect(await call('roster', { activityId: 'past' }, 'o_a')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('minutes are prefilled and cannot be completed with required fields empty', async () => {
    const m = await call<TGetMinutesOutput>('getMinutes', { activityId: 'past' }, 'o_sec');
    expect(m.ok && m.data).toMatchObject({
      status: 'draft',
      attendance: { expected: 6, present: 3, leave: 0, absent: 3 },
      absentees: expect.arrayContaining([expect.objectContaining({ memberId: 'a', reason: '未请假' })]),
    });
    const bad = await call('saveMinutes', { activityId: 'past', chair: '成员sec', complete: true }, 'o_sec');
    expect(bad).toMatchObject({ ok: false, error: { code: 'MINUTES_INCOMPLETE' } });
    const missing = (bad as unknown as { error: { details: { missing: string[] } } }).error.details.missing;
    expect(missing).toEqual(
      expect.arrayContaining(['place', 'recorder', 'firstTopic', 'keyPoints', 'decisions']),
    );
    expect(missing).not.toContain('chair');
    expect(await all('minutes', { activityId: 'past' })).toEqual([]);

    const done = await call(
      'saveMinutes',
      {
        activityId: 'past',
        chair: '成员sec',
        recorder: '成员b',
        place: '病理学实验室',
        firstTopic: '学习习近平总书记重要讲话精神',
        keyPoints: '讨论实验室安全与教学任务',
        decisions: '无',
        absentees: [{ memberId: 'd', reason: '临时手术' }],
        complete: true,
      },
      'o_sec',
    );
    expect(done).toEqual({ ok: true, data: { status: 'complete' } });
    const saved = await call<TGetMinutesOutput>('getMinutes', { activityId: 'past' }, 'o_sec');
    expect(saved.ok && saved.data?.absentees?.find((p) => p.memberId === 'd')).toMatchObject({
      reason: '临时手术',
    });
    expect(await auditFor('past')).toEqual([expect.objectContaining({ action: 'minutes.complete' })]);
  });

  it('stats per member (excused apart) and per meeting type; admin sees all branches', async () => {
    // an approved leave (asked before 'old' started) is excused: counted apart, out of the rate's base
    await cloud
      .db()
      .collection('requests')
      .add({
        _id: 'old:e:leave:1',
        kind: 'leave',
        activityId: 'old',
        branchId: 'b1',
        memberId: 'e',
        memberName: '成员e',
        status: 'approved',
        reason: '出差',
        createdAt: T0 - 6 * DAY,
        updatedAt: T0 - 6 * DAY,
      });
    const s = await call<TBranchStats>('stats', { branchId: 'b1', from: T0 - 30 * DAY, to: T0 }, 'o_sec');
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(s.data.held).toBe(3); // old, past2, past
    const c = s.data.members.find((m) => m.memberId === 'c')!;
    expect(c).toMatchObject({ expected: 3, present: 2, excused: 0, absent: 1 });
    const e = s.data.members.find((m) => m.memberId === 'e')!;
    // old: leave; past2: absent; past: present (manual add)
    expect(e).toMatchObject({ expected: 3, present: 1, excused: 1, absent: 1, rate: 0.5 });
    expect(s.data.types.find((t) => t.type === 'committee_meeting')).toMatchObject({ held: 1 });
    const admin = await call<TStatsOutput>('stats', { from: T0 - 30 * DAY, to: T0 }, 'o_admin');
    expect(admin.ok && 'branches' in admin.data && admin.data.branches.map((b) => b.branchId).sort()).toEqual(
      ['b1', 'b2'],
    );
    expect(await call('stats', { branchId: 'b1', from: T0 - DAY, to: T0 }, 'o_sec2')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('export writes an .xlsx whose totals equal the rosters', async () => {
    const from = T0 - 30 * DAY;
    const r = await call<TExportOutput>('export', { branchId: 'b1', from, to: T0 }, 'o_sec');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // Answered inline to the caller, never stored (README "Release").
    expect(r.data.fileName).toMatch(/^出勤统计-\d{8}-\d{6}\.xlsx$/);
    const bytes = Buffer.from(r.data.contentBase64, 'base64');
    expect(bytes.length).toBe(r.data.bytes);
    expect(fs.existsSync(path.join(cloud.dataDir, 'storage', 'exports'))).toBe(false);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['出勤记录', '个人汇总']);
    const totals = new Map<string, number[]>();
    wb.getWorksheet('个人汇总')!.eachRow((row, n) => {
      if (n === 1) return;
      const v = row.values as unknown[];
      totals.set(
        String(v[1]),
        [2, 3, 4, 5].map((i) => Number(v[i])),
      );
    });
    // the same numbers from the rosters of the three held activities
    const want = new Map<string, number[]>();
    for (const id of ['old', 'past2', 'past']) {
      const ro = await call<TRosterOutput>('roster', { activityId: id }, 'o_sec');
      if (!ro.ok) throw new Error('roster failed');
      for (const m of ro.data.expected) {
        const t = want.get(m.name) ?? [0, 0, 0, 0];
        t[0] += 1;
        if (ro.data.present.some((p) => p.memberId === m.memberId)) t[1] += 1;
        if (ro.data.leave.some((p) => p.memberId === m.memberId)) t[2] += 1;
        if (ro.data.absent.some((p) => p.memberId === m.memberId)) t[3] += 1;
        want.set(m.name, t);
      }
    }
    expect(Object.fromEntries(totals)).toEqual(Object.fromEntries(want));
    let recordRows = 0;
    wb.getWorksheet('出勤记录')!.eachRow((_row, n) => {
      if (n > 1) recordRows++;
    });
    expect(recordRows).toBe(18);
    expect(await all('exports', { branchId: 'b1' })).toHaveLength(1);
  });
});
