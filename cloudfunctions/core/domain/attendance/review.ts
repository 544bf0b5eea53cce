import { allow, invalidField, refuse, type Decision, type Refusal } from './decision';
import type { ItemStatus, RequestItemStatus } from './model';

/**
 * Review of what the system could not decide: pending check-ins, leave requests, make-up requests.
 *
 *   pending ──approve──▶ approved ──undo (reason)──▶ revoked
 *      └─────reject (reason)──▶ rejected
 *
 * Nothing is deleted: a record only changes status, and each change yields one audit entry.
 * A decision on an item that is no longer in the state it needs answers CONFLICT and changes nothing.
 */

export type ReviewKind = 'checkin' | 'leave' | 'makeup';
export type ReviewAction = 'approve' | 'reject' | 'undo';

export interface ReviewItem {
  id: string;
  kind: ReviewKind;
  branchId: string;
  activityId: string;
  memberId: string;
  /** a request may be `withdrawn`: no review action starts there (CONFLICT) */
  status: RequestItemStatus;
  /** risk flags (check-ins only); any flag keeps the item out of batch approval */
  flags: readonly string[];
  decidedBy?: string | null;
  decidedAt?: number | null;
  reviewReason?: string | null;
}

/** Who decides. `onBehalfOf`: the secretary whose delegation the reviewer acts under. */
export interface Reviewer {
  /** member id (or the openid of a bootstrap admin without a roster row) */
  actor: string;
  onBehalfOf?: string;
}

export interface ReviewPolicy {
  /** May a reviewer decide their own check-in/leave/make-up? Off: someone else (admin) must. */
  allowSelfReview: boolean;
}
export const DEFAULT_REVIEW_POLICY: ReviewPolicy = { allowSelfReview: false };

export interface AuditDraft {
  at: number;
  actor: string;
  onBehalfOf?: string;
  action: `review.${ReviewAction}`;
  targetType: ReviewKind;
  targetId: string;
  branchId: string;
  activityId: string;
  before: { status: RequestItemStatus };
  after: { status: ItemStatus };
  reason?: string;
}

/**
 * What else the service must write in the same step: an approved make-up request becomes a check-in
 * with method `makeup`; undoing that approval revokes that check-in.
 */
export type FollowUp =
  { type: 'record_checkin'; method: 'makeup' } | { type: 'revoke_checkin'; method: 'makeup' };

export interface ItemChange {
  item: ReviewItem;
  audit: AuditDraft;
  followUp?: FollowUp;
}

const NEXT: Record<ReviewAction, { from: ItemStatus; to: ItemStatus }> = {
  approve: { from: 'pending', to: 'approved' },
  reject: { from: 'pending', to: 'rejected' },
  undo: { from: 'approved', to: 'revoked' },
};

function needsReason(action: ReviewAction): boolean {
  return action !== 'approve';
}

function followUpFor(item: ReviewItem, action: ReviewAction): FollowUp | undefined {
  if (item.kind !== 'makeup') return undefined;
  if (action === 'approve') return { type: 'record_checkin', method: 'makeup' };
  if (action === 'undo') return { type: 'revoke_checkin', method: 'makeup' };
  return undefined;
}

/**
 * Self-review (security/REVIEW.md S-22): an item is the reviewer's own when it is the record of the
 * person deciding OR of the person on whose behalf they decide — a delegate approving the leave of
 * the secretary who delegated to them is that secretary approving their own leave.
 */
export function isOwnItem(item: Pick<ReviewItem, 'memberId'>, reviewer: Reviewer): boolean {
  return item.memberId === reviewer.actor || (!!reviewer.onBehalfOf && item.memberId === reviewer.onBehalfOf);
}

/**
 * One decision on one item. Checked in this order: the reason (reject/undo need one), self-review,
 * then the state (CONFLICT with the current status when the item is not where the action starts).
 */
export function decideItem(
  item: ReviewItem,
  decision: { decision: ReviewAction; reason?: string | null },
  reviewer: Reviewer,
  now: number,
  policy: ReviewPolicy = DEFAULT_REVIEW_POLICY,
): Decision<{ change: ItemChange }> {
  const action = decision.decision;
  const reason = decision.reason?.trim() || undefined;
  if (needsReason(action) && !reason) {
    return invalidField(
      'reason',
      action === 'reject' ? 'a rejection needs a reason' : 'an undo needs a reason',
    );
  }
  if (!policy.allowSelfReview && isOwnItem(item, reviewer)) {
    return refuse('FORBIDDEN', 'nobody reviews their own record', { reason: 'self_review' });
  }
  const step = NEXT[action];
  if (item.status !== step.from) {
    return refuse('CONFLICT', `cannot ${action} an item that is ${item.status}`, { status: item.status });
  }
  const after: ReviewItem = {
    ...item,
    status: step.to,
    decidedBy: reviewer.actor,
    decidedAt: now,
    reviewReason: reason ?? null,
  };
  const audit: AuditDraft = {
    at: now,
    actor: reviewer.actor,
    ...(reviewer.onBehalfOf ? { onBehalfOf: reviewer.onBehalfOf } : {}),
    action: `review.${action}`,
    targetType: item.kind,
    targetId: item.id,
    branchId: item.branchId,
    activityId: item.activityId,
    before: { status: item.status },
    after: { status: step.to },
    ...(reason ? { reason } : {}),
  };
  const followUp = followUpFor(item, action);
  return allow({ change: followUp ? { item: after, audit, followUp } : { item: after, audit } });
}

export interface BatchDecision {
  id: string;
  decision: 'approve' | 'reject';
  reason?: string | null;
}

/** One line of the `review` answer (types/attendance.ts `TReviewOutput`: `[{ id, ok, status?, code? }]`). */
export interface BatchItemResult {
  id: string;
  ok: boolean;
  status?: RequestItemStatus;
  code?: Refusal['code'];
  message?: string;
  /** why a FORBIDDEN: `needs_individual_review` (flagged item in a batch) or `self_review` */
  why?: 'needs_individual_review' | 'self_review';
}

export interface BatchContext {
  now: number;
  /**
   * The reviewer for this item, or null when the caller may not review its branch. A null answers
   * NOT_FOUND, exactly like a missing id, so a batch never reveals other branches' items.
   */
  reviewerFor: (item: ReviewItem) => Reviewer | null;
  policy?: ReviewPolicy;
}

/**
 * Plan a `review` call: every decision gets its own result, in input order, and `changes` lists what
 * to write. Decisions apply in order against the planned state, so a repeated id in one call answers
 * CONFLICT for its second occurrence. A "batch" is a call with more than one decision: in a batch an
 * approval of a pending item with risk flags is refused with FORBIDDEN (`why: needs_individual_review`);
 * the same approval sent alone is fine, and a batch rejection of a flagged item is fine too.
 */
export function planBatch(
  items: readonly ReviewItem[],
  decisions: readonly BatchDecision[],
  ctx: BatchContext,
): { results: BatchItemResult[]; changes: ItemChange[] } {
  const current = new Map(items.map((it) => [it.id, it]));
  const isBatch = decisions.length > 1;
  const results: BatchItemResult[] = [];
  const changes: ItemChange[] = [];
  for (const d of decisions) {
    const item = current.get(d.id);
    const reviewer = item ? ctx.reviewerFor(item) : null;
    if (!item || !reviewer) {
      results.push({ id: d.id, ok: false, code: 'NOT_FOUND', message: 'no such item' });
      continue;
    }
    if (isBatch && d.decision === 'approve' && item.flags.length > 0 && item.status === 'pending') {
      results.push({
        id: d.id,
        ok: false,
        code: 'FORBIDDEN',
        message: `flagged (${item.flags.join(', ')}): approve it on its own`,
        why: 'needs_individual_review',
      });
      continue;
    }
    const decided = decideItem(item, d, reviewer, ctx.now, ctx.policy);
    if (!decided.ok) {
      const why = decided.details?.reason === 'self_review' ? ({ why: 'self_review' } as const) : {};
      results.push({ id: d.id, ok: false, code: decided.code, message: decided.message, ...why });
      continue;
    }
    current.set(d.id, decided.change.item);
    changes.push(decided.change);
    results.push({ id: d.id, ok: true, status: decided.change.item.status });
  }
  return { results, changes };
}
