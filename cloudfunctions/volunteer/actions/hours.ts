import type { AuditAction } from '../../../types/enums';
import type {
  TAddHoursInput,
  TAddHoursOutput,
  TConfirmHoursInput,
  TConfirmHoursOutput,
  TConfirmHoursResult,
  TCorrectHoursInput,
  TCorrectHoursOutput,
  THoursQueueInput,
  THoursQueueOutput,
  THoursQueueItem,
} from '../../../types/volunteer';
import type { TeamGrant } from '../../core/auth/policy';
import { actorId } from '../../core/auth/caller';
import {
  decisionRefusal,
  fromCh,
  isClean,
  isWholeSteps,
  maxForEvent,
  resolveRules,
  shanghaiDay,
  toCh,
  underDailyCap,
} from '../../core/domain/volunteer';
import { DomainError, invalid } from '../../core/errors';
import { heldOnDay, sweepEventHours } from '../../core/flows/volunteer-hours';
import { getActivityDoc, listTeamEvents, patchActivity, type ActivityDoc } from '../../core/repos/activities';
import { appendAudit } from '../../core/repos/audit';
import { newId, runContended, runTransaction, type Transaction } from '../../core/repos/db';
import { tempUrls } from '../../core/repos/files';
import { getMember } from '../../core/repos/members';
import { leads, teamGrant } from '../../core/repos/read/team-grant';
import { getSignup } from '../../core/repos/signups';
import { getTeamMember } from '../../core/repos/team-members';
import { getTeam, type TeamDoc } from '../../core/repos/teams';
import { dayId, getDay, setDay } from '../../core/repos/volunteer-days';
import {
  getHours,
  insertHours,
  listMemberEventHours,
  listTeamHours,
  setHours,
  type HoursDoc,
} from '../../core/repos/volunteer-hours';
import type { ActionContext } from '../../core/router';
import { mapPool, requireEvent, requireTeam } from './common';

const DAY = 24 * 3_600_000;
/** Ended events the queue sweeps for stays without check-out. */
const SWEEP_LOOKBACK_MS = 60 * DAY;

/** Kinds that count toward the daily cap and the event's length: all three count toward the cap. */
const EVENT_KINDS = new Set(['verified', 'added']);

/**
 * The leader's queue for one team: pending hours (proposed verified hours with their check-in /
 * check-out times and flags, added hours awaiting another leader, members' reports with evidence).
 * The queue page shows the pending join requests (`teamMembers`, status `pending`) in the same place. Ended events are swept first, so a stay without
 * check-out appears here (flagged `no_checkout`) once the check-out window has passed.
 */
export async function hoursQueue(input: THoursQueueInput, ctx: ActionContext): Promise<THoursQueueOutput> {
  const team = await requireTeam(input.teamId);
  if (input.activityId) {
    const a = await getActivityDoc(input.activityId);
    if (!a || a.teamId !== team._id) throw new DomainError('NOT_FOUND', 'no such event in this team');
  }
  const ended = await listTeamEvents([team._id], ctx.now - SWEEP_LOOKBACK_MS, ctx.now);
  await mapPool(
    ended.filter((a) => a.status !== 'cancelled' && !a.volunteer?.hoursSweptAt),
    4,
    async (a) => {
      if (await sweepEventHours(a, team, ctx.now)) await markSwept(a, ctx.now);
    },
  );
  const pending = await listTeamHours(team._id, 'pending');
  const items = pending.filter((h) => !input.activityId || h.activityId === input.activityId);
  const urls = await tempUrls(items.flatMap((h) => h.evidenceFileIds ?? []));
  const myId = ctx.caller.member?.id ?? null;
  return items.map((h) => queueItem(h, myId, urls));
}

async function markSwept(a: ActivityDoc, now: number): Promise<void> {
  await runTransaction(async (tx) => {
    const cur = await getActivityDoc(a._id, tx);
    if (!cur?.volunteer) return;
    await patchActivity(a._id, { volunteer: { ...cur.volunteer, hoursSweptAt: now } }, tx);
  });
}

function queueItem(h: HoursDoc, myId: string | null, urls: Map<string, string>): THoursQueueItem {
  const own = myId !== null && h.memberId === myId;
  const item: THoursQueueItem = {
    id: h._id,
    kind: h.kind,
    memberId: h.memberId,
    memberName: h.memberName,
    title: h.title,
    date: h.date,
    proposedHours: fromCh(h.ch),
    flags: [...h.flags],
    clean: !own && isClean(h),
    own,
  };
  if (h.activityId) item.activityId = h.activityId;
  if (h.checkinAt !== undefined) item.checkinAt = h.checkinAt;
  if (h.checkoutAt) item.checkoutAt = h.checkoutAt;
  if (h.description) item.description = h.description;
  if (h.reason) item.reason = h.reason;
  if (h.evidenceFileIds?.length) {
    item.evidenceFileIds = h.evidenceFileIds;
    item.evidenceUrls = h.evidenceFileIds.map((f) => urls.get(f) ?? '').filter(Boolean);
  }
  return item;
}

/**
 * Batch decisions, answered per item (never all-or-nothing). Each item: the caller must lead the
 * entry's team (else FORBIDDEN — which also hides whether it exists), never their own entry
 * (FORBIDDEN: another leader or an admin decides), still pending (CONFLICT). Approving a flagged
 * item needs a reason (the batch of the queue sends clean items only); an adjustment needs a reason
 * (the schema) and stays within the event's length and the step. The daily cap is applied inside
 * the transaction that confirms: hours beyond it are not credited (the answer says how many were).
 */
export async function confirmHours(
  input: TConfirmHoursInput,
  ctx: ActionContext,
): Promise<TConfirmHoursOutput> {
  const grants = new Map<string, Promise<TeamGrant | null>>();
  const grantFor = (teamId: string) => {
    let g = grants.get(teamId);
    if (!g) grants.set(teamId, (g = teamGrant(teamId)));
    return g;
  };
  const teams = new Map<string, Promise<TeamDoc | null>>();
  const teamFor = (teamId: string) => {
    let t = teams.get(teamId);
    if (!t) teams.set(teamId, (t = getTeam(teamId)));
    return t;
  };
  const events = new Map<string, Promise<ActivityDoc | null>>();
  const eventFor = (id: string) => {
    let e = events.get(id);
    if (!e) events.set(id, (e = getActivityDoc(id)));
    return e;
  };
  // One member's items one after another: they all change that member's totals document
  // (repos/volunteer-totals.ts), so running them at once would only make them conflict and retry.
  const lanes = new Map<string, Promise<unknown>>();
  const inLane = <T>(memberId: string, fn: () => Promise<T>): Promise<T> => {
    const run = (lanes.get(memberId) ?? Promise.resolve()).then(fn);
    lanes.set(
      memberId,
      run.catch(() => undefined),
    );
    return run;
  };
  const myId = ctx.caller.active ? (ctx.caller.member?.id ?? null) : null;
  return mapPool(input.items, 8, async (item): Promise<TConfirmHoursResult> => {
    const fail = (code: string): TConfirmHoursResult => ({ id: item.id, ok: false, code });
    try {
      const entry = await getHours(item.id);
      if (!entry) return fail(ctx.caller.isAdmin ? 'NOT_FOUND' : 'FORBIDDEN');
      if (!leads(ctx.caller, await grantFor(entry.teamId))) return fail('FORBIDDEN');
      const refusal = decisionRefusal(entry, myId);
      if (refusal) return fail(refusal);
      const team = await teamFor(entry.teamId);
      if (!team) return fail('NOT_FOUND');
      const rules = resolveRules(team.rules);
      let ch = entry.ch;
      if (item.decision === 'approve') {
        if (item.hours !== undefined) {
          ch = toCh(item.hours);
          if (!isWholeSteps(ch, rules)) return fail('INVALID_ARGUMENT');
        } else if (!isClean(entry) && !item.reason) return fail('INVALID_ARGUMENT');
        if (ch <= 0) return fail('INVALID_ARGUMENT');
        if (entry.activityId && EVENT_KINDS.has(entry.kind)) {
          const event = await eventFor(entry.activityId);
          if (event && ch > maxForEvent(event, rules)) return fail('HOURS_EXCEED_EVENT');
        }
      }
      return await inLane(entry.memberId, () =>
        runContended(async (tx) => {
          const cur = await getHours(entry._id, tx);
          if (!cur) return fail('NOT_FOUND');
          const again = decisionRefusal(cur, myId);
          if (again) return fail(again);
          const decided: HoursDoc = {
            ...cur,
            decidedBy: actorId(ctx.caller),
            decidedAt: ctx.now,
            updatedAt: ctx.now,
          };
          if (item.reason) decided.decisionReason = item.reason;
          if (item.decision === 'reject') {
            decided.status = 'rejected';
          } else {
            const day = await getDay(cur.memberId, cur.day, tx);
            const used = day?.ch ?? 0;
            const allowed = underDailyCap(ch, used, rules);
            if (allowed <= 0) return fail('DAILY_CAP_EXCEEDED');
            decided.status = 'confirmed';
            decided.ch = allowed;
            if (allowed < ch && !decided.flags.includes('daily_cap'))
              decided.flags = [...decided.flags, 'daily_cap'];
            await setDay(
              {
                _id: dayId(cur.memberId, cur.day),
                memberId: cur.memberId,
                day: cur.day,
                ch: used + allowed,
                updatedAt: ctx.now,
              },
              tx,
            );
          }
          await setHours(decided, tx, cur);
          await appendAudit(
            {
              actor: actorId(ctx.caller),
              action: item.decision === 'approve' ? 'volunteer.hours.confirm' : 'volunteer.hours.reject',
              targetType: 'hours',
              targetId: cur._id,
              activityId: cur.activityId ?? undefined,
              before: { status: cur.status, hours: fromCh(cur.ch) },
              after: { status: decided.status, hours: fromCh(decided.ch) },
              reason: item.reason,
              requestId: ctx.requestId,
            },
            ctx.now,
            tx,
          );
          return { id: cur._id, ok: true, status: decided.status, hours: fromCh(decided.ch) };
        }),
      );
    } catch (err) {
      if (err instanceof DomainError) return fail(err.code);
      throw err;
    }
  });
}

/** Hundredths a member holds at an event (verified + added, pending or confirmed), except one entry. */
async function heldAtEvent(activityId: string, memberId: string, exceptId?: string): Promise<number> {
  const rows = await listMemberEventHours(activityId, memberId);
  return rows
    .filter(
      (r) =>
        r._id !== exceptId && EVENT_KINDS.has(r.kind) && (r.status === 'pending' || r.status === 'confirmed'),
    )
    .reduce((s, r) => s + r.ch, 0);
}

/**
 * Hours a leader enters afterwards (kind `added`, with a reason; docs/volunteer.md). Only for an
 * event that has ended, for a member of the team or one signed up; what the member holds at the
 * event plus this never exceeds the event's length (HOURS_EXCEED_EVENT), nor the daily cap
 * (DAILY_CAP_EXCEEDED). Confirmed at once — unless the leader adds for themself: then another
 * leader or an admin confirms it.
 */
export async function addHours(input: TAddHoursInput, ctx: ActionContext): Promise<TAddHoursOutput> {
  const event = await requireEvent(input.activityId);
  const team = await requireTeam(event.teamId);
  const rules = resolveRules(team.rules);
  if (ctx.now < event.endAt) throw new DomainError('EVENT_NOT_ENDED', 'the event has not ended');
  if (event.status === 'cancelled') throw new DomainError('ACTIVITY_CANCELLED', 'the event is cancelled');
  const ch = toCh(input.hours);
  if (!isWholeSteps(ch, rules)) throw invalid('payload.hours', `must be a multiple of ${rules.stepHours}`);
  const member = await getMember(input.memberId);
  if (!member) throw invalid('payload.memberId', 'no such member');
  const [row, signup] = await Promise.all([
    getTeamMember(team._id, member.id),
    getSignup(event._id, member.id),
  ]);
  if (row?.status !== 'active' && signup?.status !== 'signed_up')
    throw new DomainError('NOT_TEAM_MEMBER', 'not a member of this team nor signed up');
  const max = maxForEvent(event, rules);
  const held = await heldAtEvent(event._id, member.id);
  if (held + ch > max)
    throw new DomainError('HOURS_EXCEED_EVENT', 'more than the event lasted', {
      maxHours: fromCh(max),
      heldHours: fromCh(held),
    });
  const day = shanghaiDay(event.startAt);
  const own = ctx.caller.member?.id === member.id;
  const doc: HoursDoc = {
    _id: newId(),
    kind: 'added',
    status: own ? 'pending' : 'confirmed',
    memberId: member.id,
    memberName: member.name,
    teamId: team._id,
    activityId: event._id,
    title: event.title,
    date: event.startAt,
    day,
    ch,
    proposedCh: ch,
    flags: own ? ['own_entry'] : [],
    reason: input.reason,
    createdBy: actorId(ctx.caller),
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  if (!own) {
    doc.decidedBy = actorId(ctx.caller);
    doc.decidedAt = ctx.now;
  } else if (underDailyCap(ch, await heldOnDay(member.id, day), rules) < ch) {
    throw new DomainError('DAILY_CAP_EXCEEDED', 'over the daily cap');
  }
  await runContended(async (tx) => {
    if (!own) await creditDay(tx, doc, rules, ctx.now);
    await insertHours(doc, tx);
    await audit(tx, ctx, 'volunteer.hours.add', doc, undefined, input.reason);
  });
  return { recordId: doc._id, kind: 'added', status: doc.status };
}

/** Adds `doc.ch` to the member's day inside `tx`, or DAILY_CAP_EXCEEDED (nothing written). */
async function creditDay(
  tx: Transaction,
  doc: HoursDoc,
  rules: ReturnType<typeof resolveRules>,
  now: number,
  minus = 0,
) {
  const day = await getDay(doc.memberId, doc.day, tx);
  const used = (day?.ch ?? 0) - minus;
  if (underDailyCap(doc.ch, used, rules) < doc.ch)
    throw new DomainError('DAILY_CAP_EXCEEDED', 'over the daily cap');
  await setDay(
    {
      _id: dayId(doc.memberId, doc.day),
      memberId: doc.memberId,
      day: doc.day,
      ch: used + doc.ch,
      updatedAt: now,
    },
    tx,
  );
}

async function audit(
  tx: Transaction,
  ctx: ActionContext,
  action: AuditAction,
  doc: HoursDoc,
  before?: HoursDoc,
  reason?: string,
) {
  await appendAudit(
    {
      actor: actorId(ctx.caller),
      action,
      targetType: 'hours',
      targetId: doc._id,
      activityId: doc.activityId ?? undefined,
      before: before ? { id: before._id, status: before.status, hours: fromCh(before.ch) } : undefined,
      after: { kind: doc.kind, status: doc.status, hours: fromCh(doc.ch), memberId: doc.memberId },
      reason,
      requestId: ctx.requestId,
    },
    ctx.now,
    tx,
  );
}

/**
 * A correction of a confirmed entry: a new entry of the same kind supersedes it; the old one stays,
 * marked `superseded` with a link both ways, who and why. Never the caller's own hours.
 */
export async function correctHours(
  input: TCorrectHoursInput,
  ctx: ActionContext,
): Promise<TCorrectHoursOutput> {
  const old = await getHours(input.recordId);
  if (!old) throw new DomainError('NOT_FOUND', 'no such hours entry');
  if (ctx.caller.member?.id === old.memberId) throw new DomainError('FORBIDDEN', 'not your own hours');
  const team = await requireTeam(old.teamId);
  const rules = resolveRules(team.rules);
  const ch = toCh(input.hours);
  if (ch > 0 && !isWholeSteps(ch, rules))
    throw invalid('payload.hours', `must be a multiple of ${rules.stepHours}`);
  if (old.activityId && EVENT_KINDS.has(old.kind)) {
    const event = await getActivityDoc(old.activityId);
    if (event) {
      const max = maxForEvent(event, rules);
      const held = await heldAtEvent(event._id, old.memberId, old._id);
      if (held + ch > max)
        throw new DomainError('HOURS_EXCEED_EVENT', 'more than the event lasted', { maxHours: fromCh(max) });
    }
  }
  const doc: HoursDoc = {
    ...old,
    _id: newId(),
    status: 'confirmed',
    ch,
    proposedCh: ch,
    reason: input.reason,
    supersedes: old._id,
    createdBy: actorId(ctx.caller),
    createdAt: ctx.now,
    decidedBy: actorId(ctx.caller),
    decidedAt: ctx.now,
    updatedAt: ctx.now,
  };
  delete doc.supersededBy;
  delete doc.decisionReason;
  if (doc.kind === 'verified') delete doc.checkinId;
  await runContended(async (tx) => {
    const cur = await getHours(old._id, tx);
    if (!cur || cur.status !== 'confirmed')
      throw new DomainError('CONFLICT', 'only a confirmed entry can be corrected');
    await creditDay(tx, doc, rules, ctx.now, cur.ch);
    await setHours({ ...cur, status: 'superseded', supersededBy: doc._id, updatedAt: ctx.now }, tx, cur);
    await insertHours(doc, tx);
    await audit(tx, ctx, 'volunteer.hours.correct', doc, cur, input.reason);
  });
  return { recordId: doc._id, supersedes: old._id, status: 'confirmed' };
}
