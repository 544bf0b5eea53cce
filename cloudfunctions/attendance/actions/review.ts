import type {
  TReviewInput,
  TReviewItemResult,
  TReviewOutput,
  TUndoInput,
  TUndoOutput,
} from '../../../types/attendance';
import { actorId } from '../../core/auth/caller';
import {
  decideItem,
  planBatch,
  type ItemChange,
  type ReviewItem,
  type Reviewer,
} from '../../core/domain/attendance';
import { DomainError } from '../../core/errors';
import { appendAudit } from '../../core/repos/audit';
import {
  checkinId,
  getCheckin,
  recordedCheckin,
  type CheckinDoc,
  createCheckinTx,
  getCheckinsByIds,
  updateCheckinTx,
} from '../../core/repos/checkins';
import { runTransaction } from '../../core/repos/db';
import { getRequest, getRequestsByIds, updateRequest, type RequestDoc } from '../../core/repos/requests';
import { markSummaryDirty } from '../../core/repos/summary-dirty';
import type { ActionContext } from '../../core/router';
import { reviewGrant } from './common';

function fromCheckin(c: CheckinDoc): ReviewItem {
  return {
    id: c._id,
    kind: 'checkin',
    branchId: c.branchId,
    activityId: c.activityId,
    memberId: c.memberId,
    status: c.status,
    flags: c.flags ?? [],
  };
}

function fromRequest(r: RequestDoc): ReviewItem {
  return {
    id: r._id,
    kind: r.kind,
    branchId: r.branchId,
    activityId: r.activityId,
    memberId: r.memberId,
    status: r.status,
    flags: [],
  };
}

/**
 * Writes one planned change in its own transaction: re-reads the item, and if someone else decided
 * it meanwhile answers CONFLICT and writes nothing; else updates it, writes its follow-up (an approved
 * make-up becomes a check-in with method `makeup`; undoing it revokes that check-in) and appends the
 * one audit entry — all or nothing.
 */
async function applyChange(change: ItemChange, ctx: ActionContext): Promise<void> {
  const { item, audit, followUp } = change;
  const now = ctx.now;
  const decided = {
    status: item.status,
    decidedBy: item.decidedBy ?? null,
    decidedAt: item.decidedAt ?? null,
    onBehalfOf: audit.onBehalfOf ?? null,
    reviewReason: item.reviewReason ?? null,
    updatedAt: now,
  };
  await runTransaction(async (tx) => {
    let after: Record<string, unknown> = { status: item.status };
    if (item.kind === 'checkin') {
      const cur = await getCheckin(item.id, tx);
      if (!cur || cur.status !== audit.before.status) {
        throw new DomainError('CONFLICT', 'decided meanwhile', { status: cur?.status });
      }
      await updateCheckinTx(item.id, decided, tx);
    } else {
      const cur = await getRequest(item.id, tx);
      if (!cur || cur.status !== audit.before.status) {
        throw new DomainError('CONFLICT', 'decided meanwhile', { status: cur?.status });
      }
      const patch: Record<string, unknown> = { ...decided };
      if (followUp?.type === 'record_checkin') {
        const cid = checkinId(cur.activityId, cur.memberId);
        const existing = await getCheckin(cid, tx);
        if (!existing) {
          const doc = recordedCheckin(
            {
              activityId: cur.activityId,
              memberId: cur.memberId,
              branchId: cur.branchId,
              memberName: cur.memberName,
              method: 'makeup',
            },
            now,
            { evidence: { makeupRequestId: cur._id, reason: cur.reason } },
          );
          await createCheckinTx(doc, tx);
        } else if (existing.status !== 'approved') {
          // A rejected or revoked scan: the record stays the one record, now proven by the make-up.
          await updateCheckinTx(
            cid,
            {
              status: 'approved',
              method: 'makeup',
              previousMethod: existing.method,
              decidedBy: item.decidedBy ?? null,
              decidedAt: now,
              reviewReason: null,
              updatedAt: now,
            },
            tx,
          );
        }
        patch.checkinId = cid;
        after = { ...after, checkinId: cid };
      }
      if (followUp?.type === 'revoke_checkin' && cur.checkinId) {
        const c = await getCheckin(cur.checkinId, tx);
        if (c && c.status === 'approved' && c.method === 'makeup') {
          await updateCheckinTx(
            c._id,
            { status: 'revoked', reviewReason: item.reviewReason ?? null, updatedAt: now },
            tx,
          );
          after = { ...after, checkinId: c._id, checkin: 'revoked' };
        }
      }
      await updateRequest(item.id, patch as Partial<RequestDoc>, tx);
    }
    await appendAudit({ ...audit, after, requestId: ctx.requestId }, now, tx);
  });
  await markSummaryDirty(item.activityId, item.branchId, now, ctx.requestId);
}

async function loadItems(ids: readonly string[]): Promise<ReviewItem[]> {
  const [checkins, requests] = await Promise.all([getCheckinsByIds(ids), getRequestsByIds(ids)]);
  return [...checkins.map(fromCheckin), ...requests.map(fromRequest)];
}

/**
 * Approve or reject one item or many; every item answers its own result, in input order
 * (domain/attendance/review.ts `planBatch`: a batch approves only unflagged items; a reject needs a
 * reason; an item that is not pending answers CONFLICT and changes nothing). Items of branches the
 * caller may not review answer NOT_FOUND, like missing ids.
 */
export async function review(input: TReviewInput, ctx: ActionContext): Promise<TReviewOutput> {
  const items = await loadItems(input.items.map((i) => i.id));
  const grants = new Map<string, Reviewer | null>();
  for (const b of new Set(items.map((i) => i.branchId))) {
    const g = await reviewGrant(ctx.caller, b, ctx.now);
    grants.set(b, g ? { ...g.reviewer, actor: actorId(ctx.caller) } : null);
  }
  const plan = planBatch(items, input.items, {
    now: ctx.now,
    reviewerFor: (it) => grants.get(it.branchId) ?? null,
  });
  const out: TReviewItemResult[] = [];
  let next = 0;
  for (const r of plan.results) {
    if (!r.ok) {
      out.push(
        r.why ? { id: r.id, ok: false, code: r.code, why: r.why } : { id: r.id, ok: false, code: r.code },
      );
      continue;
    }
    const change = plan.changes[next++];
    try {
      await applyChange(change, ctx);
      out.push({ id: r.id, ok: true, status: change.item.status as TReviewItemResult['status'] });
    } catch (err) {
      if (err instanceof DomainError) out.push({ id: r.id, ok: false, code: err.code });
      else throw err;
    }
  }
  return out;
}

/** Undo a wrong approval (reason required): approved → revoked; the record stays, with one audit entry. */
export async function undo(input: TUndoInput, ctx: ActionContext): Promise<TUndoOutput> {
  let item: ReviewItem | null = null;
  if (input.kind === 'checkin') {
    const c = await getCheckin(input.id);
    item = c ? fromCheckin(c) : null;
  } else {
    const r = await getRequest(input.id);
    item = r && r.kind === input.kind ? fromRequest(r) : null;
  }
  if (!item) throw new DomainError('NOT_FOUND', 'no such item');
  const grant = await reviewGrant(ctx.caller, item.branchId, ctx.now);
  if (!grant) throw new DomainError('FORBIDDEN', 'not allowed');
  const decided = decideItem(
    item,
    { decision: 'undo', reason: input.reason },
    { ...grant.reviewer, actor: actorId(ctx.caller) },
    ctx.now,
  );
  if (!decided.ok) throw new DomainError(decided.code, decided.message, decided.details);
  await applyChange(decided.change, ctx);
  return { id: item.id, status: 'revoked' };
}
