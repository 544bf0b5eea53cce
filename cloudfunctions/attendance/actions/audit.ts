import type { TAuditEntry, TAuditInput, TAuditOutput } from '../../../types/attendance';
import { invalid } from '../../core/errors';
import { listAudit } from '../../core/repos/audit';
import type { ActionContext } from '../../core/router';
import { memberNames } from '../../core/repos/members';

/** Audit entries of one activity or one branch, newest first, with the actors' names. */
export async function audit(input: TAuditInput, ctx: ActionContext): Promise<TAuditOutput> {
  const limit = input.limit ?? 100;
  const branchId = input.branchId ?? ctx.caller.branchId;
  const where = input.activityId ? { activityId: input.activityId } : branchId ? { branchId } : null;
  if (!where) {
    throw invalid('payload.branchId', 'required for a caller without a branch');
  }
  const docs = await listAudit(where, { limit, before: input.before, beforeId: input.beforeId });
  const names = new Map<string, string | undefined>();
  const ITEM = new Set(['checkin', 'leave', 'makeup']);
  /**
   * The member an entry is about, named at read time (entries store ids, never names): a record or
   * request `<activityId>:<memberId>[:kind:n]`, or a delegation's delegate (`toMemberId`).
   */
  const subject = (d: { targetType: string; targetId: string; before?: unknown; after?: unknown }) => {
    if (ITEM.has(d.targetType)) return d.targetId.split(':')[1];
    // a roster row: binding, review, roles, unbinding — the entry names the member, not only the actor
    if (d.targetType === 'member') return d.targetId;
    if (d.targetType === 'delegation') {
      const to = ((d.after ?? d.before) as { toMemberId?: unknown } | null | undefined)?.toMemberId;
      return typeof to === 'string' ? to : undefined;
    }
    return undefined;
  };
  const ids = docs.flatMap((d) => [d.actor, d.onBehalfOf, subject(d)].filter(Boolean) as string[]);
  // one read for every name on the page (a bootstrap admin `openid:…` has no roster row)
  const found = await memberNames([...new Set(ids)].filter((id) => !id.startsWith('openid:')));
  for (const [id, name] of found) names.set(id, name);
  return docs.map((d) => {
    const e: TAuditEntry = {
      id: d._id,
      at: d.at,
      actor: d.actor,
      action: d.action,
      targetType: d.targetType,
      targetId: d.targetId,
    };
    const who = subject(d);
    const targetName = who ? names.get(who) : undefined;
    // An openid actor without a row is a bootstrap admin, except on `member.bind`: there it is the
    // WeChat user applying for the row (not active yet), named by the row they asked for.
    const applicant = d.action === 'member.bind' && d.actor.startsWith('openid:');
    const actorName = applicant ? targetName : names.get(d.actor);
    if (actorName) e.actorName = actorName;
    if (applicant) e.actorRole = 'applicant';
    else if (d.actor.startsWith('openid:')) e.actorRole = 'admin';
    if (d.onBehalfOf) {
      e.onBehalfOf = d.onBehalfOf;
      const n = names.get(d.onBehalfOf);
      if (n) e.onBehalfOfName = n;
    }
    if (targetName) e.targetName = targetName;
    if (d.branchId) e.branchId = d.branchId;
    if (d.activityId) e.activityId = d.activityId;
    if (d.before !== undefined) e.before = d.before;
    if (d.after !== undefined) e.after = d.after;
    if (d.reason) e.reason = d.reason;
    return e;
  });
}
