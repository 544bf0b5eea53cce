import type { AuditAction, AuditTarget } from '../../../types/enums';
import { collection, db, newId, type Transaction } from './db';

/** One state change made by a secretary or admin (DESIGN.md "Data"): who, what, when, before/after. */
export interface AuditInput {
  /** Member id of the actor, or `openid:<openid>` for a bootstrap admin without a roster row. */
  actor: string;
  onBehalfOf?: string;
  /** One of types/enums.ts AUDIT_ACTIONS (each has its Chinese name in types/labels.ts). */
  action: AuditAction;
  targetType: AuditTarget;
  targetId: string;
  branchId?: string;
  activityId?: string;
  before?: unknown;
  after?: unknown;
  reason?: string;
  requestId?: string;
}

export interface AuditDoc extends AuditInput {
  _id: string;
  at: number;
}

/**
 * Appends an audit entry; pass the transaction so the entry commits or rolls back with the change
 * it records.
 */
export async function appendAudit(entry: AuditInput, now: number, tx?: Transaction): Promise<string> {
  const doc: AuditDoc = { _id: newId(), at: now, ...stripUndefined(entry) };
  if (tx) await tx.collection('audit').add(doc);
  else await collection('audit').add(doc);
  return doc._id;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Audit entries of a branch or an activity, newest first in the total order (at, _id), one page
 * (served by `branch_at` / `activity_at`). The cursor is the last entry shown: `before` = its `at`,
 * `beforeId` = its id. A batch review writes many entries with the same `at`, so a cursor on `at`
 * alone would skip the rest of them at a page boundary.
 */
export async function listAudit(
  where: { branchId: string } | { activityId: string },
  opts: { limit: number; before?: number; beforeId?: string },
): Promise<AuditDoc[]> {
  const cmd = db().command;
  let q: object = where;
  if (opts.before !== undefined && opts.beforeId !== undefined) {
    q = cmd.or([
      { ...where, at: cmd.lt(opts.before) },
      { ...where, at: opts.before, _id: cmd.lt(opts.beforeId) },
    ]);
  } else if (opts.before !== undefined) {
    q = { ...where, at: cmd.lt(opts.before) };
  }
  const res = await collection('audit')
    .where(q)
    .orderBy('at', 'desc')
    .orderBy('_id', 'desc')
    .limit(opts.limit)
    .get();
  return res.data as AuditDoc[];
}
