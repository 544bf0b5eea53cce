import {
  type TActivity,
  type TCancelActivityInput,
  type TCancelActivityOutput,
  type TCreateActivityInput,
  type TCreateActivityOutput,
  type TDisplayCodeOutput,
  type TListBranchOutput,
  type TListMineOutput,
  type TUpdateActivityInput,
  type TUpdateActivityOutput,
} from '../../../types/activity';
import { actorId, type MemberCaller } from '../../core/auth/caller';
import { makeupPolicyOf, makeupWindow } from '../../core/domain/attendance/requests';
import { isExpectedMember } from '../../core/domain/attendance/roster';
import { myActivityStatus } from '../../core/domain/checkin/my-status';
import { codePeriodMs, deriveDisplayKey, mintCode, newActivitySecret } from '../../core/domain/rotating-code';
import { lockedFields } from '../../core/domain/activity/edits';
import { checkinSettings } from '../../core/domain/activity/checkin-settings';
import { checkProofNeedsSite, checkSchedule } from '../../core/domain/activity/schedule';
import { checkinWindow } from '../../core/domain/window';
import type { Decision } from '../../core/domain/attendance/decision';
import { DomainError, invalid } from '../../core/errors';
import {
  getActivityDoc,
  insertActivity,
  listBranchActivities,
  replaceActivity,
  type ActivityDoc,
} from '../../core/repos/activities';
import { memberRequests } from '../../core/repos/requests';
import { activeMembersOfBranch, type MemberFactsRow } from '../../core/repos/members';
import { appendAudit } from '../../core/repos/audit';
import { checkinsOfActivities, countCheckins, getMemberCheckins } from '../../core/repos/checkins';
import { requestsOfActivities } from '../../core/repos/requests';
import { newId, runTransaction } from '../../core/repos/db';
import { getSite, listSitesOfBranch, type SiteDoc } from '../../core/repos/sites';
import { markSummaryDirty } from '../../core/repos/summary-dirty';
import type { ActionContext } from '../../core/router';
import { checkExpectedMemberIds } from './expected-members';
import { audienceOf, auditView, toActivity } from './present';

const DAY = 24 * 60 * 60_000;

/** A refusal of a schedule rule (core/domain/activity/schedule.ts) as the error it is. */
function orThrow(d: Decision): void {
  if (!d.ok) throw new DomainError(d.code, d.message, d.details);
}

async function checkSite(siteId: string | null, branchId: string): Promise<SiteDoc | null> {
  if (!siteId) return null;
  const site = await getSite(siteId);
  if (!site || site.branchId !== branchId) throw invalid('payload.siteId', 'no such site in this branch');
  return site;
}

export async function createActivity(
  input: TCreateActivityInput,
  ctx: ActionContext,
): Promise<TCreateActivityOutput> {
  const c = input.checkin;
  const doc: ActivityDoc = {
    _id: newId(),
    branchId: input.branchId,
    type: input.type,
    title: input.title,
    siteId: input.siteId ?? null,
    startAt: input.startAt,
    endAt: input.endAt,
    status: 'scheduled',
    checkin: checkinSettings(c, { hasSite: Boolean(input.siteId), checkOut: false }),
    expectedMemberIds: input.expectedMemberIds ?? null,
    secret: newActivitySecret(),
    createdBy: actorId(ctx.caller),
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  if (c.makeupDays !== undefined) doc.checkin.makeupDays = c.makeupDays;
  if (input.description) doc.description = input.description;
  orThrow(checkSchedule(doc));
  orThrow(checkProofNeedsSite(doc));
  await checkSite(doc.siteId, doc.branchId);
  await checkExpectedMemberIds(doc.expectedMemberIds, doc.branchId);
  await runTransaction(async (tx) => {
    await insertActivity(doc, tx);
    await appendAudit(
      {
        actor: actorId(ctx.caller),
        action: 'activity.create',
        targetType: 'activity',
        targetId: doc._id,
        branchId: doc.branchId,
        activityId: doc._id,
        after: auditView(doc),
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
  });
  await markSummaryDirty(doc._id, doc.branchId, ctx.now, ctx.requestId);
  return { id: doc._id };
}

/**
 * Edits: everything before the start; from the start on only the title and description (the rule:
 * core/domain/activity/edits.ts). Every edit is audited with before and after.
 */
export async function updateActivity(
  input: TUpdateActivityInput,
  ctx: ActionContext,
): Promise<TUpdateActivityOutput> {
  const out = await runTransaction(async (tx) => {
    const before = await getActivityDoc(input.activityId, tx);
    if (!before) throw new DomainError('NOT_FOUND', 'no such activity');
    if (before.status === 'cancelled') throw new DomainError('CONFLICT', 'the activity is cancelled');
    const locked = lockedFields(before, input, ctx.now);
    if (locked.length > 0)
      throw new DomainError('CONFLICT', `the activity has started: only title and description may change`, {
        fields: locked.map((f) => `payload.${f}`),
      });
    const next: ActivityDoc = { ...before, checkin: { ...before.checkin }, updatedAt: ctx.now };
    if (input.type !== undefined) next.type = input.type;
    if (input.title !== undefined) next.title = input.title;
    if (input.siteId !== undefined) next.siteId = input.siteId;
    if (input.startAt !== undefined) next.startAt = input.startAt;
    if (input.endAt !== undefined) next.endAt = input.endAt;
    if (input.description !== undefined) next.description = input.description;
    if (input.expectedMemberIds !== undefined) next.expectedMemberIds = input.expectedMemberIds;
    const c = input.checkin ?? {};
    if (c.opensAt !== undefined) next.checkin.opensAt = c.opensAt;
    if (c.closesAt !== undefined) next.checkin.closesAt = c.closesAt;
    if (c.proof !== undefined) next.checkin.proof = c.proof;
    if (c.requireLocation !== undefined) next.checkin.requireLocation = c.requireLocation;
    if (c.approval !== undefined) next.checkin.approval = c.approval;
    if (c.codePeriodSec !== undefined) next.checkin.codePeriodSec = c.codePeriodSec;
    if (c.checkOut !== undefined) next.checkin.checkOut = c.checkOut;
    if (c.offlineGraceSec !== undefined) next.checkin.offlineGraceSec = c.offlineGraceSec;
    if (c.maxOfflineSec !== undefined) next.checkin.maxOfflineSec = c.maxOfflineSec;
    if (c.makeupDays !== undefined) next.checkin.makeupDays = c.makeupDays;
    orThrow(checkSchedule(next));
    orThrow(checkProofNeedsSite(next));
    if (next.siteId !== before.siteId) await checkSite(next.siteId, next.branchId);
    await checkExpectedMemberIds(input.expectedMemberIds, next.branchId);
    await replaceActivity(next, tx);
    await appendAudit(
      {
        actor: actorId(ctx.caller),
        action: 'activity.update',
        targetType: 'activity',
        targetId: next._id,
        branchId: next.branchId,
        activityId: next._id,
        before: auditView(before),
        after: auditView(next),
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
    return { id: next._id, branchId: next.branchId };
  });
  await markSummaryDirty(out.id, out.branchId, ctx.now, ctx.requestId);
  return { id: out.id };
}

/** Cancel with a reason members see; cancelling again answers the status (idempotent). */
export async function cancelActivity(
  input: TCancelActivityInput,
  ctx: ActionContext,
): Promise<TCancelActivityOutput> {
  const out = await runTransaction(async (tx) => {
    const before = await getActivityDoc(input.activityId, tx);
    if (!before) throw new DomainError('NOT_FOUND', 'no such activity');
    if (before.status === 'cancelled') return { status: before.status, branchId: null };
    const next: ActivityDoc = {
      ...before,
      status: 'cancelled',
      cancelReason: input.reason,
      cancelledAt: ctx.now,
      updatedAt: ctx.now,
    };
    await replaceActivity(next, tx);
    await appendAudit(
      {
        actor: actorId(ctx.caller),
        action: 'activity.cancel',
        targetType: 'activity',
        targetId: next._id,
        branchId: next.branchId,
        activityId: next._id,
        before: { status: before.status },
        after: { status: next.status, cancelReason: input.reason },
        reason: input.reason,
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
    return { status: next.status, branchId: next.branchId as string | null };
  });
  if (out.branchId) await markSummaryDirty(input.activityId, out.branchId, ctx.now, ctx.requestId);
  return { status: out.status };
}

export async function getActivity(activityId: string, ctx: ActionContext): Promise<TActivity> {
  const doc = await getActivityDoc(activityId);
  if (!doc) throw new DomainError('NOT_FOUND', 'no such activity');
  const site = doc.siteId ? await getSite(doc.siteId) : null;
  return toActivity(doc, site, audienceOf(ctx.caller, doc.branchId));
}

const DEFAULT_PAST_MS = 60 * DAY;
const DEFAULT_FUTURE_MS = 90 * DAY;

async function sitesById(branchId: string): Promise<Map<string, SiteDoc>> {
  return new Map((await listSitesOfBranch(branchId)).map((s) => [s._id, s]));
}

function expectedCount(doc: ActivityDoc, members: readonly MemberFactsRow[]): number {
  return members.filter((m) =>
    isExpectedMember(doc, { id: m._id, branchId: m.branchId, status: m.status, boundAt: m.boundAt }),
  ).length;
}

/** Activities of my branch in the range (default: 60 days back to 90 ahead), soonest first, with my status. */
export async function listMine(
  range: { from?: number; to?: number },
  ctx: ActionContext<MemberCaller>,
): Promise<TListMineOutput> {
  const me = ctx.caller.member;
  const from = range.from ?? ctx.now - DEFAULT_PAST_MS;
  const to = range.to ?? ctx.now + DEFAULT_FUTURE_MS;
  const [docs, sites] = await Promise.all([
    listBranchActivities(ctx.caller.branchId, from, to),
    sitesById(ctx.caller.branchId),
  ]);
  const ids = docs.map((d) => d._id);
  const [records, requests] = await Promise.all([getMemberCheckins(me.id, ids), memberRequests(me.id, ids)]);
  const recordOf = new Map(records.map((r) => [r.activityId, r.status]));
  return docs
    .map((doc) => ({
      // "My" view: the member's answer even for a secretary (no fence; S-3).
      ...toActivity(doc, doc.siteId ? (sites.get(doc.siteId) ?? null) : null, 'member'),
      // The last moment a 补签 is accepted, so a missed meeting can offer it with its deadline.
      makeupUntil: makeupWindow(checkinWindow(doc), makeupPolicyOf(doc)).until,
      myStatus: myActivityStatus({
        activity: doc,
        expected: isExpectedMember(doc, {
          id: me.id,
          branchId: me.branchId,
          status: me.status,
          boundAt: me.boundAt,
        }),
        checkin: recordOf.get(doc._id) ?? null,
        requests: requests.filter((r) => r.activityId === doc._id),
        now: ctx.now,
      }),
    }))
    .sort((a, b) => a.startAt - b.startAt);
}

/** A branch's activities in the range (default: 60 days back to 90 ahead), newest first, with counts. */
export async function listBranch(
  input: { branchId: string; from?: number; to?: number },
  ctx: ActionContext,
): Promise<TListBranchOutput> {
  const from = input.from ?? ctx.now - DEFAULT_PAST_MS;
  const to = input.to ?? ctx.now + DEFAULT_FUTURE_MS;
  const [docs, sites, members] = await Promise.all([
    listBranchActivities(input.branchId, from, to),
    sitesById(input.branchId),
    activeMembersOfBranch(input.branchId),
  ]);
  // One batched read of the records' statuses and of the approved leaves (requests ∝ records / 1,000),
  // not three counts per activity.
  const ids = docs.map((d) => d._id);
  const [records, leaves] = await Promise.all([
    checkinsOfActivities(ids, { activityId: true, status: true }),
    requestsOfActivities(ids, { status: 'approved', kind: 'leave' }, { activityId: true }),
  ]);
  const tally = new Map<string, { present: number; pending: number; leave: number }>();
  const of = (id: string) => {
    let t = tally.get(id);
    if (!t) tally.set(id, (t = { present: 0, pending: 0, leave: 0 }));
    return t;
  };
  for (const r of records) {
    if (r.status === 'approved') of(r.activityId).present++;
    else if (r.status === 'pending') of(r.activityId).pending++;
  }
  for (const l of leaves) of(l.activityId).leave++;
  return docs.map((doc) => {
    const expected = expectedCount(doc, members);
    const t = tally.get(doc._id) ?? { present: 0, pending: 0, leave: 0 };
    return {
      ...toActivity(doc, doc.siteId ? (sites.get(doc.siteId) ?? null) : null, 'staff', expected),
      counts: { expected, ...t },
    };
  });
}

/**
 * The rotating QR now, plus the display key so the organiser's phone keeps minting codes offline
 * (docs/checkin.md "Display key") and the server clock for the phone's offset. Never the secret.
 */
export async function displayCode(activityId: string, ctx: ActionContext): Promise<TDisplayCodeOutput> {
  const doc = await getActivityDoc(activityId);
  if (!doc) throw new DomainError('NOT_FOUND', 'no such activity');
  if (doc.status === 'cancelled')
    throw new DomainError('ACTIVITY_CANCELLED', 'the activity was cancelled', { reason: 'cancelled' });
  if (doc.checkin.proof === 'site')
    throw new DomainError('CONFLICT', 'this activity checks in by site code only', { reason: 'proof_mode' });
  const periodMs = codePeriodMs(doc.checkin.codePeriodSec);
  const displayKey = deriveDisplayKey(doc.secret, doc._id);
  const minted = mintCode(displayKey, doc._id, periodMs, ctx.now);
  const [approved, pending] = await Promise.all([
    countCheckins(doc._id, 'approved'),
    countCheckins(doc._id, 'pending'),
  ]);
  return {
    code: minted.code,
    expiresAt: minted.windowEnd,
    periodSec: periodMs / 1000,
    displayKey,
    checkedIn: approved + pending,
    serverNow: ctx.now,
    closesAt: checkinWindow(doc).closesAt,
  };
}
