/**
 * Proposing verified hours from a stay (docs/volunteer.md "Verified hours"). Shared by two functions:
 * `checkin.checkOut` proposes the moment a member checks out of a 先锋领航 event; the volunteer
 * function's queue sweeps an ended event for stays that never checked out. Both write the same
 * deterministic entry `v:<checkinId>`, so a stay is proposed once whoever comes first.
 */
import { DEFAULT_CHECKIN_POLICY } from '../domain/checkin';
import { proposeFromStay, resolveRules, underDailyCap } from '../domain/volunteer';
import type { ActivityDoc } from '../repos/activities';
import { listActivityCheckins, type CheckinDoc } from '../repos/checkins';
import { runContended } from '../repos/db';
import { getTeam, type TeamDoc } from '../repos/teams';
import { dayId, getDay, setDay } from '../repos/volunteer-days';
import {
  getHours,
  insertHours,
  listEventHours,
  listMemberDayHours,
  verifiedHoursId,
  type HoursDoc,
} from '../repos/volunteer-hours';
import { appendAudit } from '../repos/audit';

/** Hundredths already held (pending or confirmed, not superseded) by a member on a day, except one entry. */
export async function heldOnDay(memberId: string, day: string, exceptId?: string): Promise<number> {
  const rows = await listMemberDayHours(memberId, day);
  return rows
    .filter((r) => r._id !== exceptId && (r.status === 'pending' || r.status === 'confirmed'))
    .reduce((s, r) => s + r.ch, 0);
}

export async function proposeStayHours(
  activity: ActivityDoc,
  record: CheckinDoc,
  now: number,
  team?: TeamDoc | null,
): Promise<HoursDoc | null> {
  if (!activity.teamId || activity.status === 'cancelled') return null;
  if (record.status === 'rejected' || record.status === 'revoked') return null;
  const id = verifiedHoursId(record._id);
  if (await getHours(id)) return null;
  const t = team ?? (await getTeam(activity.teamId));
  if (!t) return null;
  const rules = resolveRules(t.rules);
  const event = { startAt: activity.startAt, endAt: activity.endAt };
  const day = proposeFromStay(event, record, rules, 0).outcome.day;
  const held = await heldOnDay(record.memberId, day, id);
  const p = proposeFromStay(event, record, rules, held);
  const doc: HoursDoc = {
    _id: id,
    kind: 'verified',
    status: 'pending',
    memberId: record.memberId,
    memberName: record.memberName,
    teamId: activity.teamId,
    activityId: activity._id,
    checkinId: record._id,
    title: activity.title,
    date: activity.startAt,
    day,
    ch: p.ch,
    proposedCh: p.ch,
    flags: p.flags,
    checkinAt: record.checkedInAt,
    checkoutAt: record.checkedOutAt ?? null,
    computation: {
      outcome: p.outcome.kind,
      overlapMin: Math.floor(p.outcome.overlapMs / 60_000),
      eventMin: Math.floor(p.outcome.eventMs / 60_000),
    },
    createdBy: 'system',
    createdAt: now,
    updatedAt: now,
  };
  if (!p.autoConfirm) return (await insertHours(doc)) ? doc : null;
  // Credited without a leader (the team does not require confirmation and nothing is flagged): the
  // day's confirmed total decides, in one transaction with the entry, so the cap holds under races.
  return runContended(async (tx) => {
    if (await getHours(id, tx)) return null;
    const dayDoc = await getDay(doc.memberId, day, tx);
    const used = dayDoc?.ch ?? 0;
    const allowed = underDailyCap(doc.ch, used, rules);
    if (allowed < doc.ch) {
      await insertHours({ ...doc, ch: allowed, flags: [...doc.flags, 'daily_cap'] }, tx);
      return doc;
    }
    const confirmed: HoursDoc = { ...doc, status: 'confirmed', decidedBy: 'system', decidedAt: now };
    await insertHours(confirmed, tx);
    await setDay(
      { _id: dayId(doc.memberId, day), memberId: doc.memberId, day, ch: used + doc.ch, updatedAt: now },
      tx,
    );
    await appendAudit(
      {
        actor: 'system',
        action: 'volunteer.hours.auto',
        targetType: 'hours',
        targetId: id,
        activityId: activity._id,
        after: { status: 'confirmed', hours: doc.ch / 100 },
      },
      now,
      tx,
    );
    return confirmed;
  });
}

/**
 * After an event's check-out window has passed, every stay gets an entry: those that checked out
 * have one already; the others (no check-out) are proposed now, flagged, for the leader.
 * Answers whether the event is fully swept (then the caller marks it and never sweeps it again).
 */
const SWEEP_CONCURRENCY = 8;

export async function sweepEventHours(activity: ActivityDoc, team: TeamDoc, now: number): Promise<boolean> {
  if (now <= activity.endAt + DEFAULT_CHECKIN_POLICY.checkoutGraceMs) return false;
  const [records, entries] = await Promise.all([
    listActivityCheckins(activity._id),
    listEventHours(activity._id),
  ]);
  const have = new Set(entries.map((e) => e._id));
  const todo = records.filter((r) => !have.has(verifiedHoursId(r._id)));
  // A few at a time: each proposal reads the member's day and writes one entry.
  for (let i = 0; i < todo.length; i += SWEEP_CONCURRENCY) {
    await Promise.all(
      todo.slice(i, i + SWEEP_CONCURRENCY).map((r) => proposeStayHours(activity, r, now, team)),
    );
  }
  return true;
}
