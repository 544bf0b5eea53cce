import type {
  TGetMinutesInput,
  TGetMinutesOutput,
  TMinutes,
  TRosterEntry,
  TRosterInput,
  TRosterOutput,
  TSaveMinutesInput,
  TSaveMinutesOutput,
} from '../../../types/attendance';
import type { CheckinStatus } from '../../../types/checkin';
import { actorId } from '../../core/auth/caller';
import {
  canCompleteMinutes,
  minutesMissingFields,
  prefillMinutes,
  type MemberAttendance,
  type MinutesDraft,
} from '../../core/domain/attendance';
import { DomainError } from '../../core/errors';
import type { ActivityDoc } from '../../core/repos/activities';
import { appendAudit } from '../../core/repos/audit';
import { runTransaction } from '../../core/repos/db';
import { getMinutesDoc, putMinutesDoc, type MinutesDoc } from '../../core/repos/minutes';
import { getSite } from '../../core/repos/sites';
import type { ActionContext } from '../../core/router';
import { loadRoster, requireActivity, type ActivityRoster } from './common';

function entry(m: MemberAttendance, r: ActivityRoster): TRosterEntry {
  const e: TRosterEntry = { memberId: m.memberId, name: m.name };
  const c = r.checkins.find((x) => x.memberId === m.memberId);
  if (c) {
    e.status = (c.status === 'revoked' ? 'rejected' : c.status) as CheckinStatus;
    if (c.status === 'approved' || c.status === 'pending') e.at = c.at;
  }
  if (m.reason) e.reason = m.reason;
  return e;
}

/** Expected, present, pending, on leave, absent — one list each (domain/attendance/roster.ts). */
export async function roster(input: TRosterInput): Promise<TRosterOutput> {
  const r = await loadRoster(await requireActivity(input.activityId));
  const list = (ms: MemberAttendance[]) => ms.map((m) => entry(m, r));
  return {
    expected: list(r.summary.expected),
    present: list(r.summary.present),
    pending: list(r.summary.pending),
    leave: list(r.summary.leave),
    absent: list(r.summary.absent),
  };
}

function draftOf(doc: MinutesDoc | null, activityId: string): MinutesDraft | null {
  if (!doc) return null;
  return {
    activityId,
    status: doc.status,
    place: doc.place ?? null,
    chair: doc.chair ?? null,
    recorder: doc.recorder ?? null,
    firstTopic: doc.firstTopic ?? null,
    agenda: doc.agenda ?? null,
    keyPoints: doc.keyPoints ?? null,
    decisions: doc.decisions ?? null,
    // ids and typed reasons only: names come from the roster (prefill), never from the document
    absentees: doc.absentees
      ? doc.absentees.map((a) => ({ memberId: a.memberId, name: '', kind: a.kind, reason: a.reason }))
      : null,
  };
}

async function prefill(activity: ActivityDoc, existing: MinutesDraft | null) {
  const [r, site] = await Promise.all([
    loadRoster(activity),
    activity.siteId ? getSite(activity.siteId) : Promise.resolve(null),
  ]);
  return prefillMinutes({ ...activity, id: activity._id }, site, r.summary, existing);
}

function toMinutes(
  activity: ActivityDoc,
  m: ReturnType<typeof prefillMinutes>,
  updatedAt?: number,
): TMinutes {
  const out: TMinutes = {
    activityId: activity._id,
    activityTitle: activity.title,
    activityType: activity.type,
    status: m.status ?? 'draft',
    startAt: activity.startAt,
    endAt: activity.endAt,
    place: m.place ?? null,
    attendance: m.attendance ?? undefined,
    absentees: (m.absentees ?? []).map((p) => ({
      memberId: p.memberId,
      name: p.name,
      kind: p.kind,
      reason: p.reason,
    })),
    quorum: m.quorum,
    missing: minutesMissingFields(m),
  };
  if (m.chair) out.chair = m.chair;
  if (m.recorder) out.recorder = m.recorder;
  if (m.firstTopic) out.firstTopic = m.firstTopic;
  if (m.agenda) out.agenda = m.agenda;
  if (m.keyPoints) out.keyPoints = m.keyPoints;
  if (m.decisions) out.decisions = m.decisions;
  if (updatedAt) out.updatedAt = updatedAt;
  return out;
}

/** The minutes with time, place, attendance and absentees filled in from the records (never null for an existing activity). */
export async function getMinutes(input: TGetMinutesInput): Promise<TGetMinutesOutput> {
  const activity = await requireActivity(input.activityId);
  const doc = await getMinutesDoc(activity._id);
  const m = await prefill(activity, draftOf(doc, activity._id));
  return toMinutes(activity, m, doc?.updatedAt);
}

/**
 * Saves what the secretary typed; `complete: true` marks the minutes complete only when every
 * required field is filled (MINUTES_INCOMPLETE names the missing ones, nothing is saved then).
 * Each save is one audit entry (before/after status and the fields that changed).
 */
export async function saveMinutes(input: TSaveMinutesInput, ctx: ActionContext): Promise<TSaveMinutesOutput> {
  const activity = await requireActivity(input.activityId);
  const now = ctx.now;
  const actor = actorId(ctx.caller);
  const before = await getMinutesDoc(activity._id);
  const typed: MinutesDraft = {
    ...(draftOf(before, activity._id) ?? { activityId: activity._id }),
  };
  const fields = ['chair', 'recorder', 'firstTopic', 'agenda', 'keyPoints', 'decisions', 'place'] as const;
  const changed: string[] = [];
  for (const f of fields) {
    if (input[f] !== undefined) {
      (typed as unknown as Record<string, unknown>)[f] = input[f];
      changed.push(f);
    }
  }
  if (input.absentees) {
    typed.absentees = input.absentees.map((a) => ({ memberId: a.memberId, name: '', reason: a.reason }));
    changed.push('absentees');
  }
  const filled = await prefill(activity, typed);
  let status: 'draft' | 'complete' = before?.status ?? 'draft';
  let warnings: string[] = [];
  if (input.complete) {
    const d = canCompleteMinutes(filled, activity.type);
    if (!d.ok) throw new DomainError(d.code, d.message, d.details);
    status = 'complete';
    warnings = d.warnings;
  } else if (status === 'complete' && minutesMissingFields(filled).length > 0) {
    // an edit that empties a required field takes the minutes back to draft
    status = 'draft';
  }
  const doc: MinutesDoc = {
    _id: activity._id,
    activityId: activity._id,
    branchId: activity.branchId,
    status,
    place: typed.place ?? null,
    chair: typed.chair ?? null,
    recorder: typed.recorder ?? null,
    firstTopic: typed.firstTopic ?? null,
    agenda: typed.agenda ?? null,
    keyPoints: typed.keyPoints ?? null,
    decisions: typed.decisions ?? null,
    absentees: (filled.absentees ?? [])
      .filter((a) => a.kind === 'absent')
      .map((a) => ({ memberId: a.memberId, kind: a.kind, reason: a.reason })),
    completedAt: status === 'complete' ? (before?.completedAt ?? now) : null,
    createdAt: before?.createdAt ?? now,
    updatedAt: now,
    updatedBy: actor,
  };
  await runTransaction(async (tx) => {
    const cur = await getMinutesDoc(activity._id, tx);
    if ((cur?.updatedAt ?? null) !== (before?.updatedAt ?? null)) {
      throw new DomainError('CONFLICT', 'the minutes were saved by someone else meanwhile');
    }
    await putMinutesDoc(doc, tx);
    await appendAudit(
      {
        actor,
        action: input.complete ? 'minutes.complete' : 'minutes.save',
        targetType: 'minutes',
        targetId: activity._id,
        branchId: activity.branchId,
        activityId: activity._id,
        before: before ? { status: before.status } : null,
        after: { status, changed },
        requestId: ctx.requestId,
      },
      now,
      tx,
    );
  });
  return warnings.length ? { status, warnings } : { status };
}
