import type {
  TBindingHistoryItem,
  TBindingRequestsInput,
  TBindingRequestsOutput,
  TBindInput,
  TBindOutput,
  TReviewBindingInput,
  TReviewBindingOutput,
  TUnbindInput,
  TUnbindOutput,
} from '../../../types/member';
import { actorId } from '../../core/auth/caller';
import { mayApproveBinding, rolesAfterHolderLeaves } from '../../core/domain/member/holder';
import { normaliseName, normaliseStaffNo } from '../../core/domain/member/roster';
import {
  BIND_THROTTLE,
  recentFailures,
  throttleDecision,
  withFailure,
} from '../../core/domain/member/throttle';
import {
  buildBindingDecidedData,
  ERRCODE_REFUSED,
  templateIdFor,
  templatesConfig,
} from '../../core/domain/reminder';
import { DomainError, invalid } from '../../core/errors';
import { logError } from '../../core/log';
import { dropCreditTx, restoreCredit, takeCreditTx, zeroCredit } from '../../core/repos/credits';
import { sendSubscribeMessage } from '../../core/repos/subscribe-messages';
import { appendAudit } from '../../core/repos/audit';
import {
  bindingsOfMember,
  bindingsOfOpenid,
  insertBinding,
  updateBinding,
  type BindingDoc,
} from '../../core/repos/bindings';
import { getBranch } from '../../core/repos/branches';
import { delegationsFrom, delegationsTo, revokeDelegationsTx } from '../../core/repos/delegations';
import { isDuplicateKeyError, newId, runTransaction } from '../../core/repos/db';
import {
  findMemberByStaffNo,
  getMember,
  getMembersByIds,
  listMembersOfBranch,
  unboundOpenid,
  updateMemberFields,
} from '../../core/repos/members';
import { readThrottle, updateThrottle } from '../../core/repos/throttles';
import type { ActionContext } from '../../core/router';
import { viewerOf } from '../../core/auth/staff';

/** The subscribe-message template that tells the applicant the decision. */
const BINDING_TEMPLATE_KEY = 'bindingDecided' as const;

/** Throttle document of an openid's failed binding attempts. */
export const bindThrottleKey = (openid: string) => `bind:${openid}`;

/**
 * A WeChat user claims a roster row by name + staff number. The row becomes `pending` with the
 * caller's openid — the unique index on `members.openid` is what guarantees one openid ↔ one row,
 * even when two requests race. Failures (no match, row taken) count towards the throttle.
 */
export async function bind(input: TBindInput, ctx: ActionContext): Promise<TBindOutput> {
  const { caller, now } = ctx;
  if (caller.member && (caller.member.status === 'pending' || caller.member.status === 'active')) {
    throw new DomainError('ALREADY_BOUND', 'this WeChat user is already bound to a roster row');
  }
  const key = bindThrottleKey(caller.openid);
  const throttle = await readThrottle(key);
  const decision = throttleDecision(throttle?.failures ?? [], now, BIND_THROTTLE);
  if (!decision.allow) {
    throw new DomainError('RATE_LIMITED', 'too many failed binding attempts', { retryAt: decision.retryAt });
  }

  // One answer for every failure (S-25): "no such number", "number with another name" and "that
  // row is already bound or pending" must read alike, or a guesser learns which numbers exist and
  // whether their holder uses the app. The row's secretary sees who holds it.
  const fail = async (): Promise<never> => {
    await updateThrottle(key, (f) => withFailure(f, now, BIND_THROTTLE), BIND_THROTTLE.windowMs);
    throw new DomainError('ROSTER_NO_MATCH', 'no free roster row matches this name and number');
  };

  const staffNo = normaliseStaffNo(input.staffNo);
  const row = staffNo ? await findMemberByStaffNo(staffNo) : null;
  if (
    !row ||
    row.status === 'left' ||
    row.name !== normaliseName(input.name) ||
    (input.branchId !== undefined && row.branchId !== input.branchId)
  ) {
    return fail();
  }
  if (row.status !== 'unbound') return fail();

  const bindingId = newId();
  // what the reviewer should know and the applicant did not type: the failures just before this request
  const failures = recentFailures(throttle?.failures ?? [], now, BIND_THROTTLE);
  try {
    await runTransaction(async (tx) => {
      const cur = await getMember(row.id, tx);
      if (!cur || cur.status !== 'unbound') throw new DomainError('ROSTER_ROW_TAKEN', 'row taken');
      await updateMemberFields(row.id, { openid: caller.openid, status: 'pending', updatedAt: now }, tx);
      await insertBinding(
        {
          _id: bindingId,
          openid: caller.openid,
          memberId: row.id,
          branchId: row.branchId,
          status: 'pending',
          failedBefore: failures.length,
          ...(failures.length ? { lastFailedAt: failures[failures.length - 1] } : {}),
          createdAt: now,
          updatedAt: now,
        },
        tx,
      );
      await appendAudit(
        {
          actor: actorId(caller),
          action: 'member.bind',
          targetType: 'member',
          targetId: row.id,
          branchId: row.branchId,
          before: { status: 'unbound' },
          after: { status: 'pending', bindingId },
          requestId: ctx.requestId,
        },
        now,
        tx,
      );
    });
  } catch (e) {
    if (e instanceof DomainError && e.code === 'ROSTER_ROW_TAKEN') return fail();
    // The openid already holds another row (a concurrent bind won): the unique index said no.
    if (isDuplicateKeyError(e)) throw new DomainError('ALREADY_BOUND', 'already bound');
    throw e;
  }
  return { memberId: row.id, status: 'pending' };
}

async function latestBinding(memberId: string, status: 'pending' | 'approved') {
  const [latest] = await bindingsOfMember(memberId, 1);
  return latest && latest.status === status ? latest : null;
}

/**
 * The secretary's review list: the branch's pending rows with what the applicant did not type — when
 * the request was sent, the account's failed attempts just before it, and earlier requests for the
 * row and by the account (another row's name only when it is in the same branch or for an admin;
 * the secretary of one branch learns nothing about another's roster).
 */
export async function bindingRequests(
  input: TBindingRequestsInput,
  ctx: ActionContext,
): Promise<TBindingRequestsOutput> {
  if (!(await getBranch(input.branchId))) throw new DomainError('NOT_FOUND', 'no such branch');
  const rows = await listMembersOfBranch(input.branchId, 'pending');
  const reads = await Promise.all(
    rows.map(async (m) => {
      const ofRow = await bindingsOfMember(m.id, 20);
      const current = ofRow.find((b) => b.status === 'pending' && b.openid === m.openid) ?? null;
      const ofAccount = m.openid ? await bindingsOfOpenid(m.openid, 20) : [];
      return { m, ofRow, current, ofAccount: ofAccount.filter((b) => b.memberId !== m.id) };
    }),
  );
  const otherIds = [...new Set(reads.flatMap((r) => r.ofAccount.map((b) => b.memberId)))];
  const others = new Map((otherIds.length ? await getMembersByIds(otherIds) : []).map((d) => [d._id, d]));
  const history = (b: BindingDoc, via: 'row' | 'account', openid: string | null): TBindingHistoryItem => {
    const item: TBindingHistoryItem = {
      status: b.status,
      createdAt: b.createdAt,
      via,
      sameAccount: b.openid === openid,
    };
    if (b.decidedAt) item.decidedAt = b.decidedAt;
    if (b.reason) item.reason = b.reason;
    if (via === 'account') {
      const other = others.get(b.memberId);
      item.otherBranch = other ? other.branchId !== input.branchId : true;
      if (other && (ctx.caller.isAdmin || !item.otherBranch)) item.otherName = other.name;
    }
    return item;
  };
  return reads
    .map(({ m, ofRow, current, ofAccount }) => ({
      memberId: m.id,
      name: m.name,
      staffNo: m.staffNo,
      phone: m.phone,
      roles: [...m.roles],
      requestedAt: current?.createdAt ?? null,
      failedAttempts: current?.failedBefore ?? 0,
      ...(current?.lastFailedAt ? { lastFailedAt: current.lastFailedAt } : {}),
      history: [
        ...ofRow.filter((b) => b._id !== current?._id).map((b) => history(b, 'row', m.openid)),
        ...ofAccount.map((b) => history(b, 'account', m.openid)),
      ].sort((a, b) => b.createdAt - a.createdAt),
    }))
    .sort((a, b) => (a.requestedAt ?? 0) - (b.requestedAt ?? 0));
}

/** The secretary of the row's branch (or an admin) approves or rejects a pending binding. */
export async function reviewBinding(
  input: TReviewBindingInput,
  ctx: ActionContext,
): Promise<TReviewBindingOutput> {
  const { caller, now } = ctx;
  if (input.decision === 'reject' && !input.reason) throw invalid('payload.reason', 'required to reject');
  const member = await getMember(input.memberId);
  if (!member) throw new DomainError('NOT_FOUND', 'no such member');
  if (member.status !== 'pending') throw new DomainError('CONFLICT', 'no pending binding for this member');
  const approve = input.decision === 'approve';
  // S-19: a row carrying secretary/admin is handed to a person by an admin only (rejecting is fine).
  if (approve && !mayApproveBinding(viewerOf(caller), member)) {
    throw new DomainError(
      'FORBIDDEN',
      'only an admin may approve the binding of a row with privileged roles',
      {
        reason: 'privileged_row',
      },
    );
  }
  const binding = await latestBinding(member.id, 'pending');
  const status = approve ? 'active' : 'unbound';
  const applicant = member.openid;

  const credit = await runTransaction(async (tx) => {
    const cur = await getMember(member.id, tx);
    if (!cur || cur.status !== 'pending' || cur.openid !== member.openid) {
      throw new DomainError('CONFLICT', 'the binding changed meanwhile');
    }
    if (approve && !mayApproveBinding(viewerOf(caller), cur)) {
      throw new DomainError('CONFLICT', 'the row’s roles changed meanwhile');
    }
    await updateMemberFields(
      member.id,
      approve
        ? { status: 'active', boundAt: now, updatedAt: now }
        : { status: 'unbound', openid: unboundOpenid(member.id), updatedAt: now },
      tx,
    );
    if (binding) {
      await updateBinding(
        binding._id,
        {
          status: approve ? 'approved' : 'rejected',
          decidedBy: actorId(caller),
          decidedAt: now,
          updatedAt: now,
          ...(input.reason ? { reason: input.reason } : {}),
        },
        tx,
      );
    }
    await appendAudit(
      {
        actor: actorId(caller),
        action: 'member.reviewBinding',
        targetType: 'member',
        targetId: member.id,
        branchId: member.branchId,
        before: { status: 'pending', bindingId: binding?._id },
        after: { status, decision: input.decision },
        reason: input.reason,
        requestId: ctx.requestId,
      },
      now,
      tx,
    );
    // The applicant hears the decision when they accepted the notice (a credit, spent here with the
    // decision: exactly once). A rejected applicant leaves the row: consents they gave beyond this
    // one are theirs, not the next binder's.
    const took = await takeCreditTx(tx, member.id, BINDING_TEMPLATE_KEY, now);
    if (!approve) await dropCreditTx(tx, member.id, BINDING_TEMPLATE_KEY, now);
    return took;
  });
  const notified =
    credit && applicant ? await notifyApplicant(applicant, member, approve, input.reason, ctx) : false;
  return { status, notified };
}

/**
 * Sends the decision (template `bindingDecided`, config/subscribe-templates.json) after the commit.
 * A refusal by WeChat (43101: no consent after all) zeroes the ledger; another definite failure gives
 * the credit back to an approved member (a rejected applicant's is gone with them); no answer keeps it
 * spent. The secretary is told either way (`notified`), so they can tell the applicant themselves.
 */
async function notifyApplicant(
  openid: string,
  member: { id: string; branchId: string },
  approved: boolean,
  reason: string | undefined,
  ctx: ActionContext,
): Promise<boolean> {
  const spec = templatesConfig.templates.bindingDecided;
  let templateId: string;
  try {
    templateId = templateIdFor(BINDING_TEMPLATE_KEY);
  } catch (err) {
    // a deployment without the template id: the decision stands, the message is not sent
    logError({ requestId: ctx.requestId, fn: ctx.fn, action: ctx.action }, err);
    if (approved) await restoreCredit(member.id, BINDING_TEMPLATE_KEY, ctx.now);
    return false;
  }
  const branch = await getBranch(member.branchId);
  const out = await sendSubscribeMessage({
    touser: openid,
    templateId,
    page: spec.page,
    data: buildBindingDecidedData({
      branchName: branch?.name ?? '',
      approved,
      decidedAt: ctx.now,
      reason: reason ?? null,
    }),
  });
  if (out.ok) return true;
  if (out.errcode === ERRCODE_REFUSED) await zeroCredit(member.id, BINDING_TEMPLATE_KEY, ctx.now);
  else if (out.errcode !== null && approved) await restoreCredit(member.id, BINDING_TEMPLATE_KEY, ctx.now);
  logError(
    { requestId: ctx.requestId, fn: ctx.fn, action: ctx.action, errcode: out.errcode ?? undefined },
    new Error('binding decision not delivered'),
  );
  return false;
}

/**
 * Admin: detach the WeChat user from a row (lost phone, wrong person). The row stays on the roster
 * as a plain `member` row: the holder's privileges and delegations leave with them (S-19), whoever
 * binds the row next starts from nothing.
 */
export async function unbind(input: TUnbindInput, ctx: ActionContext): Promise<TUnbindOutput> {
  const { caller, now } = ctx;
  const member = await getMember(input.memberId);
  if (!member) throw new DomainError('NOT_FOUND', 'no such member');
  if (member.status !== 'active' && member.status !== 'pending') {
    throw new DomainError('CONFLICT', 'the member is not bound');
  }
  const [[binding], delegations] = await Promise.all([
    bindingsOfMember(member.id, 1),
    delegationsOfHolder(member.id, now),
  ]);
  const roles = rolesAfterHolderLeaves();
  await runTransaction(async (tx) => {
    const cur = await getMember(member.id, tx);
    if (!cur || cur.status !== member.status) throw new DomainError('CONFLICT', 'changed meanwhile');
    await updateMemberFields(
      member.id,
      { status: 'unbound', openid: unboundOpenid(member.id), boundAt: null, roles, updatedAt: now },
      tx,
    );
    await revokeDelegationsTx(
      delegations,
      { actor: actorId(caller), reason: 'holder_left', now, requestId: ctx.requestId },
      tx,
    );
    if (binding && (binding.status === 'pending' || binding.status === 'approved')) {
      await updateBinding(
        binding._id,
        { status: 'ended', decidedBy: actorId(caller), decidedAt: now, reason: input.reason, updatedAt: now },
        tx,
      );
    }
    await appendAudit(
      {
        actor: actorId(caller),
        action: 'member.unbind',
        targetType: 'member',
        targetId: member.id,
        branchId: member.branchId,
        before: { status: member.status, roles: member.roles },
        after: { status: 'unbound', roles },
        reason: input.reason,
        requestId: ctx.requestId,
      },
      now,
      tx,
    );
  });
  return { status: 'unbound' };
}

/** Delegations made by or given to a row's holder that have not ended: they leave with the holder. */
export async function delegationsOfHolder(memberId: string, now: number) {
  const [from, to] = await Promise.all([delegationsFrom(memberId, now), delegationsTo(memberId, now)]);
  return [...from, ...to];
}
