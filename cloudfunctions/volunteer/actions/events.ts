import { checkinSettings } from '../../core/domain/activity/checkin-settings';
import type {
  TCancelSignUpInput,
  TCancelSignUpOutput,
  TCreateEventInput,
  TCreateEventOutput,
  TEvent,
  TEventSignupsInput,
  TEventSignupsOutput,
  TListEventsInput,
  TListEventsOutput,
  TMySignupsOutput,
  TSignUpInput,
  TSignUpOutput,
} from '../../../types/volunteer';
import { actorId } from '../../core/auth/caller';
import { newActivitySecret } from '../../core/domain/rotating-code';
import { checkinWindow } from '../../core/domain/window';
import { DEFAULT_CHECKIN_POLICY } from '../../core/domain/checkin';
import {
  evaluateCancelSignUp,
  evaluateSignUp,
  eventHoursSummary,
  signupDeadline,
} from '../../core/domain/volunteer';
import { listMemberHoursAtEvents } from '../../core/repos/volunteer-hours';
import { DomainError, invalid } from '../../core/errors';
import {
  getActivitiesByIds,
  getActivityDoc,
  insertActivity,
  listTeamEvents,
  listVolunteerEvents,
  patchActivity,
  teamBranchId,
  type ActivityDoc,
} from '../../core/repos/activities';
import { appendAudit } from '../../core/repos/audit';
import { newId, runTransaction, type Transaction } from '../../core/repos/db';
import { grantOf, leads } from '../../core/repos/read/team-grant';
import {
  getSignup,
  listEventSignups,
  listMemberSignups,
  setSignup,
  signupId,
} from '../../core/repos/signups';
import { getSite } from '../../core/repos/sites';
import { getTeamMember, listMemberTeams } from '../../core/repos/team-members';
import { descendantsOf, getTeam, teamChains, teamsLedBy, type TeamDoc } from '../../core/repos/teams';
import { listActivityCheckins } from '../../core/repos/checkins';
import type { ActionContext } from '../../core/router';
import { me, requireEvent, requireTeam } from './common';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A 先锋领航 event is an activity of type `volunteer` owned by the team (docs/volunteer.md "Events"):
 * the rotating code, site code, fence, risk flags, offline queue and check-out of `checkin` work on
 * it unchanged. Check-out is on by default (hours come from the stay). Its expected attendees are
 * its sign-ups (`expectedMemberIds`, kept with the seat count).
 */
export async function createEvent(input: TCreateEventInput, ctx: ActionContext): Promise<TCreateEventOutput> {
  const team = await requireTeam(input.teamId);
  const c = input.checkin ?? { proof: 'either' as const };
  const site = input.siteId ? await getSite(input.siteId) : null;
  if (input.siteId && !site) throw invalid('payload.siteId', 'no such site');
  if (c.proof === 'site' && !site)
    throw invalid('payload.siteId', 'a site is required when check-in is by site code');
  if (input.endAt <= ctx.now) throw invalid('payload.endAt', 'the event must not have ended');
  const doc: ActivityDoc = {
    _id: newId(),
    branchId: teamBranchId(team._id),
    teamId: team._id,
    type: 'volunteer',
    title: input.title,
    siteId: site?._id ?? null,
    startAt: input.startAt,
    endAt: input.endAt,
    status: 'scheduled',
    checkin: checkinSettings(c, { hasSite: Boolean(site), checkOut: true }),
    expectedMemberIds: [],
    volunteer: {
      capacity: input.capacity,
      signedUp: 0,
      signupClosesAt: signupDeadline({ startAt: input.startAt, signupClosesAt: input.signupClosesAt }),
    },
    secret: newActivitySecret(),
    createdBy: actorId(ctx.caller),
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  if (input.description) doc.description = input.description;
  const w = checkinWindow(doc);
  if (w.closesAt <= w.opensAt) throw invalid('payload.checkin.closesAt', 'must be after opensAt');
  if (w.opensAt < doc.startAt - DAY)
    throw invalid('payload.checkin.opensAt', 'may open at most 1 day before the start');
  if (w.closesAt > doc.startAt + 7 * DAY)
    throw invalid('payload.checkin.closesAt', 'must close within 7 days after the start');
  await runTransaction(async (tx) => {
    await insertActivity(doc, tx);
    await appendAudit(
      {
        actor: actorId(ctx.caller),
        action: 'volunteer.event.create',
        targetType: 'activity',
        targetId: doc._id,
        activityId: doc._id,
        after: {
          title: doc.title,
          teamId: team._id,
          startAt: doc.startAt,
          endAt: doc.endAt,
          capacity: input.capacity,
        },
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
  });
  return { activityId: doc._id };
}

export function eventView(
  a: ActivityDoc,
  team: TeamDoc | undefined,
  mySignup: TEvent['mySignup'],
  isLeader: boolean,
  siteName?: string,
): TEvent {
  const v = a.volunteer ?? { capacity: 0, signedUp: 0, signupClosesAt: a.startAt };
  const out: TEvent = {
    activityId: a._id,
    teamId: a.teamId ?? '',
    teamName: team?.name ?? '',
    title: a.title,
    startAt: a.startAt,
    endAt: a.endAt,
    capacity: v.capacity,
    signedUp: v.signedUp,
    signupClosesAt: v.signupClosesAt,
    status: a.status,
    mySignup,
    isLeader,
    checkoutClosesAt: a.endAt + DEFAULT_CHECKIN_POLICY.checkoutGraceMs,
  };
  if (siteName) out.siteName = siteName;
  return out;
}

/**
 * The caller's hours at the events that have started (one read, `activity_member`), so the list can
 * say what became of an event the member served at: hours credited, awaiting a leader, or not credited.
 */
async function withMyHours<E extends TEvent>(events: E[], memberId: string, now: number): Promise<E[]> {
  const started = events.filter((e) => e.startAt <= now).map((e) => e.activityId);
  if (!memberId || started.length === 0) return events;
  const rows = await listMemberHoursAtEvents(memberId, started);
  return events.map((e) => {
    const mine = eventHoursSummary(rows.filter((r) => r.activityId === e.activityId));
    return mine ? { ...e, myHours: mine } : e;
  });
}

/**
 * Events of one team (any active member may look: titles, times and seats are not private), or —
 * without `teamId` — of the teams the caller belongs to or leads (admins: every team). Default
 * range: from 30 days ago to 90 days ahead.
 */
export async function listEvents(input: TListEventsInput, ctx: ActionContext): Promise<TListEventsOutput> {
  const from = input.from ?? ctx.now - 30 * DAY;
  const to = input.to ?? ctx.now + 90 * DAY;
  const memberId = ctx.caller.member?.id ?? '';
  let events: ActivityDoc[];
  if (input.teamId) {
    const team = await getTeam(input.teamId);
    if (!team || team.archived) throw new DomainError('NOT_FOUND', 'no such team');
    events = await listTeamEvents([input.teamId], from, to);
  } else if (ctx.caller.isAdmin) events = await listVolunteerEvents(from, to);
  else {
    // the caller's teams and the teams they lead (a leader leads the sub-teams too): read by member
    const [rows, led] = await Promise.all([
      memberId ? listMemberTeams(memberId) : Promise.resolve([]),
      memberId && ctx.caller.active ? teamsLedBy(memberId) : Promise.resolve([]),
    ]);
    const below = await descendantsOf(led.map((t) => t._id));
    const teamIds = new Set([
      ...rows.filter((r) => r.status === 'active').map((r) => r.teamId),
      ...led.map((t) => t._id),
      ...below.map((t) => t._id),
    ]);
    events = await listTeamEvents([...teamIds], from, to);
  }
  // the events' teams and their ancestors, by id (names, who leads); an archived team's events are not listed
  const { byId, chainOf } = await teamChains(events.map((e) => e.teamId ?? ''));
  events = events.filter((e) => byId.has(e.teamId ?? ''));
  const isLeaderOf = (teamId: string) => leads(ctx.caller, grantOf(chainOf(teamId)));
  const signups = memberId
    ? await Promise.all(events.map((e) => getSignup(e._id, memberId)))
    : events.map(() => null);
  const siteIds = [...new Set(events.map((e) => e.siteId).filter((s): s is string => !!s))];
  const sites = new Map(
    (await Promise.all(siteIds.map((id) => getSite(id)))).filter((s) => !!s).map((s) => [s!._id, s!.name]),
  );
  const views = events
    .map((e, i) =>
      eventView(
        e,
        byId.get(e.teamId ?? ''),
        signups[i]?.status ?? null,
        isLeaderOf(e.teamId ?? ''),
        e.siteId ? sites.get(e.siteId) : undefined,
      ),
    )
    .sort((a, b) => a.startAt - b.startAt);
  return withMyHours(views, memberId, ctx.now);
}

/**
 * One seat, exactly: the event document (seat count + sign-up list) and the sign-up are written in
 * one transaction; two sign-ups racing for the last seat clash on the event document and the retry
 * sees it full. Idempotent: signing up again answers the same.
 */
export async function signUp(input: TSignUpInput, ctx: ActionContext): Promise<TSignUpOutput> {
  const m = me(ctx.caller);
  const pre = await requireEvent(input.activityId);
  const membership = await getTeamMember(pre.teamId, m.id);
  const isTeamMember = membership?.status === 'active';
  // Fast paths without a transaction: already signed up, or plainly full / closed (no write).
  const existing = await getSignup(pre._id, m.id);
  const fast = evaluateSignUp(volunteerFacts(pre), existing?.status ?? null, isTeamMember, ctx.now);
  if (fast.kind === 'already')
    return { status: 'signed_up', signedUp: pre.volunteer!.signedUp, capacity: pre.volunteer!.capacity };
  if (fast.kind === 'refuse') throw refuse(fast.code);
  return withRetry(() =>
    runTransaction(async (tx) => {
      const a = await getActivityDoc(input.activityId, tx);
      if (!a || !a.volunteer) throw new DomainError('NOT_FOUND', 'no such volunteer event');
      const mine = await getSignup(a._id, m.id, tx);
      const d = evaluateSignUp(volunteerFacts(a), mine?.status ?? null, isTeamMember, ctx.now);
      if (d.kind === 'already')
        return {
          status: 'signed_up' as const,
          signedUp: a.volunteer.signedUp,
          capacity: a.volunteer.capacity,
        };
      if (d.kind === 'refuse') throw refuse(d.code);
      await setSeats(tx, a._id, a.volunteer, d.signedUp, [...others(a, m.id), m.id], ctx.now);
      await setSignup(
        {
          _id: signupId(a._id, m.id),
          activityId: a._id,
          teamId: a.teamId!,
          memberId: m.id,
          memberName: m.name,
          status: 'signed_up',
          signedUpAt: ctx.now,
          updatedAt: ctx.now,
        },
        tx,
      );
      return { status: 'signed_up' as const, signedUp: d.signedUp, capacity: a.volunteer.capacity };
    }, 10),
  );
}

export async function cancelSignUp(
  input: TCancelSignUpInput,
  ctx: ActionContext,
): Promise<TCancelSignUpOutput> {
  const m = me(ctx.caller);
  await requireEvent(input.activityId);
  return withRetry(() =>
    runTransaction(async (tx) => {
      const a = await getActivityDoc(input.activityId, tx);
      if (!a || !a.volunteer) throw new DomainError('NOT_FOUND', 'no such volunteer event');
      const mine = await getSignup(a._id, m.id, tx);
      const d = evaluateCancelSignUp(volunteerFacts(a), mine?.status ?? null, ctx.now);
      if (d.kind === 'already') return { status: 'cancelled' as const };
      if (d.kind === 'refuse') throw refuse(d.code);
      await setSeats(tx, a._id, a.volunteer, d.signedUp, others(a, m.id), ctx.now);
      await setSignup({ ...mine!, status: 'cancelled', cancelledAt: ctx.now, updatedAt: ctx.now }, tx);
      return { status: 'cancelled' as const };
    }, 10),
  );
}

function volunteerFacts(a: ActivityDoc) {
  const v = a.volunteer!;
  return {
    status: a.status,
    startAt: a.startAt,
    capacity: v.capacity,
    signedUp: v.signedUp,
    signupClosesAt: v.signupClosesAt,
  };
}

function refuse(
  code: 'EVENT_FULL' | 'SIGNUP_CLOSED' | 'ACTIVITY_CANCELLED' | 'NOT_TEAM_MEMBER' | 'NOT_FOUND',
): DomainError {
  const messages = {
    EVENT_FULL: 'no seat left',
    SIGNUP_CLOSED: 'sign-up has closed',
    ACTIVITY_CANCELLED: 'the event is cancelled',
    NOT_TEAM_MEMBER: 'not an active member of this team',
    NOT_FOUND: 'not signed up',
  } as const;
  return new DomainError(code, messages[code]);
}

/**
 * A burst of sign-ups on one event clashes on its document; the SDK retries a clash a few times, and
 * this retries the whole transaction again after a short random pause (the platform behaves the same:
 * snapshot isolation, abort on a write-write clash). A DomainError is an answer, never retried.
 */
async function withRetry<T>(fn: () => Promise<T>, attempts = 8): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (err instanceof DomainError || code !== 'DATABASE_TRANSACTION_CONFLICT' || i >= attempts - 1)
        throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (i + 1)));
    }
  }
}

/** The leader's list of an event's sign-ups with check-in / check-out times. */
export async function eventSignups(input: TEventSignupsInput): Promise<TEventSignupsOutput> {
  const a = await requireEvent(input.activityId);
  const [rows, checkins] = await Promise.all([listEventSignups(a._id), listActivityCheckins(a._id)]);
  const byMember = new Map(checkins.map((c) => [c.memberId, c]));
  return rows
    .map((r) => {
      const c = byMember.get(r.memberId);
      const out: TEventSignupsOutput[number] = {
        memberId: r.memberId,
        name: r.memberName,
        status: r.status,
        at: r.status === 'cancelled' ? (r.cancelledAt ?? r.updatedAt) : r.signedUpAt,
      };
      if (c) out.checkedInAt = c.checkedInAt;
      if (c?.checkedOutAt) out.checkedOutAt = c.checkedOutAt;
      return out;
    })
    .sort((x, y) =>
      x.status === y.status ? x.name.localeCompare(y.name, 'zh') : x.status === 'signed_up' ? -1 : 1,
    );
}

/** The caller's sign-ups (newest first), each with its event. */
export async function mySignups(ctx: ActionContext): Promise<TMySignupsOutput> {
  const m = me(ctx.caller);
  const rows = await listMemberSignups(m.id);
  const events = await getActivitiesByIds(rows.map((r) => r.activityId));
  const byId = new Map(events.map((e) => [e._id, e]));
  const { byId: teamById, chainOf } = await teamChains(events.map((e) => e.teamId ?? ''));
  const views = rows
    .filter((r) => byId.has(r.activityId))
    .map((r) => {
      const e = byId.get(r.activityId)!;
      return {
        ...eventView(
          e,
          teamById.get(e.teamId ?? ''),
          r.status,
          leads(ctx.caller, grantOf(chainOf(e.teamId ?? ''))),
        ),
        signedUpAt: r.signedUpAt,
      };
    })
    .sort((a, b) => b.startAt - a.startAt);
  return withMyHours(views, m.id, ctx.now);
}

/** The event's expected members but `memberId`. */
function others(a: ActivityDoc, memberId: string): string[] {
  return (a.expectedMemberIds ?? []).filter((id) => id !== memberId);
}

/** A sign-up or its cancellation on the event: its seat count and who is expected (the roster). */
async function setSeats(
  tx: Transaction,
  activityId: string,
  volunteer: NonNullable<ActivityDoc['volunteer']>,
  signedUp: number,
  expectedMemberIds: string[],
  now: number,
): Promise<void> {
  await patchActivity(
    activityId,
    { volunteer: { ...volunteer, signedUp }, expectedMemberIds, updatedAt: now },
    tx,
  );
}
