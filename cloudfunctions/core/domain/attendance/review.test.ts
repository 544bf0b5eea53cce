import { decideItem, planBatch, type ReviewItem, type Reviewer } from './review';

const NOW = Date.parse('2026-11-27T08:00:00Z');
const secretary: Reviewer = { actor: 'm_sec' };

function item(over: Partial<ReviewItem> = {}): ReviewItem {
  return {
    id: 'c1',
    kind: 'checkin',
    branchId: 'b1',
    activityId: 'a1',
    memberId: 'm1',
    status: 'pending',
    flags: [],
    ...over,
  };
}

describe('decideItem', () => {
  it('approves a pending item and records who, when, before and after', () => {
    const d = decideItem(item(), { decision: 'approve' }, secretary, NOW);
    expect(d).toEqual({
      ok: true,
      change: {
        item: expect.objectContaining({
          status: 'approved',
          decidedBy: 'm_sec',
          decidedAt: NOW,
          reviewReason: null,
        }),
        audit: {
          at: NOW,
          actor: 'm_sec',
          action: 'review.approve',
          targetType: 'checkin',
          targetId: 'c1',
          branchId: 'b1',
          activityId: 'a1',
          before: { status: 'pending' },
          after: { status: 'approved' },
        },
      },
    });
  });

  it('rejects a pending item with a trimmed reason', () => {
    const d = decideItem(item(), { decision: 'reject', reason: '  不在现场 ' }, secretary, NOW);
    expect(d.ok && d.change.item).toMatchObject({ status: 'rejected', reviewReason: '不在现场' });
    expect(d.ok && d.change.audit.reason).toBe('不在现场');
  });

  it('refuses a rejection without a reason with INVALID_ARGUMENT naming reason', () => {
    for (const reason of [undefined, '', '   ']) {
      const d = decideItem(item(), { decision: 'reject', reason }, secretary, NOW);
      expect(d).toMatchObject({
        ok: false,
        code: 'INVALID_ARGUMENT',
        details: { fields: [{ path: 'reason', message: expect.any(String) }] },
      });
    }
  });

  it('answers CONFLICT for approving an already approved item', () => {
    const d = decideItem(item({ status: 'approved' }), { decision: 'approve' }, secretary, NOW);
    expect(d).toMatchObject({ ok: false, code: 'CONFLICT', details: { status: 'approved' } });
  });

  it('answers CONFLICT for rejecting an already rejected item', () => {
    const d = decideItem(item({ status: 'rejected' }), { decision: 'reject', reason: 'x' }, secretary, NOW);
    expect(d).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it('undoes an approval into revoked with the reason', () => {
    const d = decideItem(item({ status: 'approved' }), { decision: 'undo', reason: '误批' }, secretary, NOW);
    expect(d.ok && d.change.item.status).toBe('revoked');
    expect(d.ok && d.change.audit).toMatchObject({ action: 'review.undo', before: { status: 'approved' } });
  });

  it('needs a reason to undo', () => {
    const d = decideItem(item({ status: 'approved' }), { decision: 'undo' }, secretary, NOW);
    expect(d).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('cannot undo a pending, rejected or already revoked item', () => {
    for (const status of ['pending', 'rejected', 'revoked'] as const) {
      const d = decideItem(item({ status }), { decision: 'undo', reason: 'x' }, secretary, NOW);
      expect(d).toMatchObject({ ok: false, code: 'CONFLICT', details: { status } });
    }
  });

  it('refuses a reviewer deciding their own record', () => {
    const d = decideItem(item({ memberId: 'm_sec' }), { decision: 'approve' }, secretary, NOW);
    expect(d).toMatchObject({ ok: false, code: 'FORBIDDEN', details: { reason: 'self_review' } });
    const allowed = decideItem(item({ memberId: 'm_sec' }), { decision: 'approve' }, secretary, NOW, {
      allowSelfReview: true,
    });
    expect(allowed.ok).toBe(true);
  });

  it('refuses a delegate deciding the record of the secretary they act for (self-review by proxy)', () => {
    const delegate = { actor: 'm_del', onBehalfOf: 'm_sec' };
    for (const decision of ['approve', 'reject'] as const) {
      const d = decideItem(item({ memberId: 'm_sec' }), { decision, reason: 'x' }, delegate, NOW);
      expect(d).toMatchObject({ ok: false, code: 'FORBIDDEN', details: { reason: 'self_review' } });
    }
    expect(decideItem(item({ memberId: 'm_other' }), { decision: 'approve' }, delegate, NOW).ok).toBe(true);
  });

  it('names the delegating secretary in the audit of a delegate', () => {
    const d = decideItem(item(), { decision: 'approve' }, { actor: 'm_del', onBehalfOf: 'm_sec' }, NOW);
    expect(d.ok && d.change.audit).toMatchObject({ actor: 'm_del', onBehalfOf: 'm_sec' });
  });

  it('asks for a make-up check-in when a make-up request is approved, and revokes it on undo', () => {
    const mk = item({ kind: 'makeup' });
    const approved = decideItem(mk, { decision: 'approve' }, secretary, NOW);
    expect(approved.ok && approved.change.followUp).toEqual({ type: 'record_checkin', method: 'makeup' });
    const undone = decideItem(
      { ...mk, status: 'approved' },
      { decision: 'undo', reason: 'x' },
      secretary,
      NOW,
    );
    expect(undone.ok && undone.change.followUp).toEqual({ type: 'revoke_checkin', method: 'makeup' });
    const leave = decideItem(item({ kind: 'leave' }), { decision: 'approve' }, secretary, NOW);
    expect(leave.ok && leave.change.followUp).toBeUndefined();
  });

  it('does not mutate the item it was given', () => {
    const it0 = item();
    decideItem(it0, { decision: 'approve' }, secretary, NOW);
    expect(it0.status).toBe('pending');
  });
});

describe('planBatch', () => {
  const items: ReviewItem[] = [
    item({ id: 'ok1' }),
    item({ id: 'ok2', kind: 'leave', memberId: 'm2' }),
    item({ id: 'done', status: 'approved' }),
    item({ id: 'flagged', flags: ['outside_fence'] }),
    item({ id: 'noreason', memberId: 'm3' }),
    item({ id: 'other', branchId: 'b2' }),
  ];
  const ctx = { now: NOW, reviewerFor: (it: ReviewItem) => (it.branchId === 'b1' ? secretary : null) };

  it('answers every item on its own with a mix of valid, invalid, decided, flagged and missing', () => {
    const { results, changes } = planBatch(
      items,
      [
        { id: 'ok1', decision: 'approve' },
        { id: 'ok2', decision: 'reject', reason: '理由不充分' },
        { id: 'done', decision: 'approve' },
        { id: 'flagged', decision: 'approve' },
        { id: 'noreason', decision: 'reject' },
        { id: 'ghost', decision: 'approve' },
        { id: 'other', decision: 'approve' },
      ],
      ctx,
    );
    expect(results).toEqual([
      { id: 'ok1', ok: true, status: 'approved' },
      { id: 'ok2', ok: true, status: 'rejected' },
      expect.objectContaining({ id: 'done', ok: false, code: 'CONFLICT' }),
      expect.objectContaining({
        id: 'flagged',
        ok: false,
        code: 'FORBIDDEN',
        why: 'needs_individual_review',
      }),
      expect.objectContaining({ id: 'noreason', ok: false, code: 'INVALID_ARGUMENT' }),
      expect.objectContaining({ id: 'ghost', ok: false, code: 'NOT_FOUND' }),
      expect.objectContaining({ id: 'other', ok: false, code: 'NOT_FOUND' }),
    ]);
    expect(changes.map((c) => [c.item.id, c.item.status])).toEqual([
      ['ok1', 'approved'],
      ['ok2', 'rejected'],
    ]);
  });

  it('answers a branch the caller may not review exactly like a missing id', () => {
    const { results } = planBatch(items, [{ id: 'other', decision: 'approve' }], ctx);
    const { results: missing } = planBatch(items, [{ id: 'ghost', decision: 'approve' }], ctx);
    expect({ ...results[0], id: 'x' }).toEqual({ ...missing[0], id: 'x' });
  });

  it('approves a flagged item sent on its own', () => {
    const { results } = planBatch(items, [{ id: 'flagged', decision: 'approve' }], ctx);
    expect(results).toEqual([{ id: 'flagged', ok: true, status: 'approved' }]);
  });

  it('rejects a flagged item in a batch', () => {
    const { results } = planBatch(
      items,
      [
        { id: 'flagged', decision: 'reject', reason: '不在现场' },
        { id: 'ok1', decision: 'approve' },
      ],
      ctx,
    );
    expect(results.map((r) => r.ok)).toEqual([true, true]);
  });

  it('answers CONFLICT for the second occurrence of an id in one call', () => {
    const { results, changes } = planBatch(
      items,
      [
        { id: 'ok1', decision: 'approve' },
        { id: 'ok1', decision: 'reject', reason: 'x' },
      ],
      ctx,
    );
    expect(results.map((r) => r.code)).toEqual([undefined, 'CONFLICT']);
    expect(changes).toHaveLength(1);
  });

  it('marks a self-review refusal', () => {
    const { results } = planBatch(
      [item({ id: 's', memberId: 'm_sec' })],
      [{ id: 's', decision: 'approve' }],
      ctx,
    );
    expect(results[0]).toMatchObject({ ok: false, code: 'FORBIDDEN', why: 'self_review' });
  });

  it('plans nothing for no decisions', () => {
    expect(planBatch(items, [], ctx)).toEqual({ results: [], changes: [] });
  });
});
