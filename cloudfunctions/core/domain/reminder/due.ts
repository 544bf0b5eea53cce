import type { TCredits, TemplateKey } from '../../../../types/reminder';
import { HOUR_MS, DAY_MS } from '../attendance/calendar';
import {
  isCancelled,
  type ActivityFacts,
  type CheckinFacts,
  type MemberFacts,
  type RequestFacts,
} from '../attendance/model';
import { isExpectedMember } from '../attendance/roster';
import { creditOf } from './credits';

/**
 * Which reminders are due at `now` (timer trigger every minute). Let `d = startAt − now`:
 * - `hour_before` when 0 < d ≤ 60 min;
 * - `day_before`  when 60 min < d ≤ 24 h;
 * - nothing when d > 24 h or the activity has started (d ≤ 0).
 * The two windows do not overlap, so one run never sends both for the same activity: an activity
 * created 30 minutes before its start gets only `hour_before`; one created 3 hours before gets
 * `day_before` at once (as its announcement) and `hour_before` later. Exactly 24 h and exactly
 * 60 min are inside (a run landing on the boundary sends), and the database's unique key on
 * (activity, member, kind) — `reminderKey` — makes every pair go out at most once.
 *
 * Recipients: expected members (attendance/roster.ts `isExpectedMember`: in the branch *now*, so a
 * member who joined after the activity was created is reminded), not on approved leave (a pending
 * leave is still reminded — it may be refused), not already checked in (approved or pending), with
 * a credit. A member's credits are spent on the soonest activities first; the rest are `noCredit`.
 */

export type DueKind = 'day_before' | 'hour_before';

export interface DuePolicy {
  dayBeforeMs: number;
  hourBeforeMs: number;
  templateKey: TemplateKey;
}
export const DEFAULT_DUE_POLICY: DuePolicy = {
  dayBeforeMs: DAY_MS,
  hourBeforeMs: HOUR_MS,
  templateKey: 'meetingReminder',
};

export function reminderKindAt(
  startAt: number,
  now: number,
  policy: DuePolicy = DEFAULT_DUE_POLICY,
): DueKind | null {
  const d = startAt - now;
  if (d <= 0) return null;
  if (d <= policy.hourBeforeMs) return 'hour_before';
  if (d <= policy.dayBeforeMs) return 'day_before';
  return null;
}

/** Deterministic id of one reminder: the database's uniqueness holds "exactly once". */
export function reminderKey(activityId: string, memberId: string, kind: string): string {
  return `${activityId}:${memberId}:${kind}`;
}

export interface DueReminder {
  activityId: string;
  memberId: string;
  kind: DueKind;
  startAt: number;
}

export interface DueInput {
  /** candidates: activities starting within the next 24 h (others are ignored) */
  activities: readonly ActivityFacts[];
  /** the members of those activities' branches (and invitees) */
  members: readonly MemberFacts[];
  /** leave requests for those activities (only approved ones matter) */
  leaves: readonly Pick<RequestFacts, 'activityId' | 'memberId' | 'kind' | 'status'>[];
  /** memberId → credits */
  credits: Readonly<Record<string, TCredits>>;
  /** check-ins already made for those activities */
  checkins?: readonly Pick<CheckinFacts, 'activityId' | 'memberId' | 'status'>[];
  /** `reminderKey`s already sent */
  sent?: Iterable<string>;
  now: number;
  policy?: DuePolicy;
}

function pairSet(rows: readonly { activityId: string; memberId: string }[]): Set<string> {
  return new Set(rows.map((r) => `${r.activityId}:${r.memberId}`));
}

function onLeave(leaves: DueInput['leaves']): Set<string> {
  return pairSet(leaves.filter((l) => l.kind === 'leave' && l.status === 'approved'));
}

function checkedIn(checkins: DueInput['checkins']): Set<string> {
  return pairSet((checkins ?? []).filter((c) => c.status === 'approved' || c.status === 'pending'));
}

/** Members who should hear about `activity`: expected, not on approved leave. */
export function audienceOf(
  activity: ActivityFacts,
  members: readonly MemberFacts[],
  leaves: DueInput['leaves'],
): MemberFacts[] {
  const excused = onLeave(leaves);
  return members.filter((m) => isExpectedMember(activity, m) && !excused.has(`${activity.id}:${m.id}`));
}

export function dueReminders(input: DueInput): { due: DueReminder[]; noCredit: DueReminder[] } {
  const policy = input.policy ?? DEFAULT_DUE_POLICY;
  const sent = new Set(input.sent ?? []);
  const excused = onLeave(input.leaves);
  const present = checkedIn(input.checkins);
  const wanted: DueReminder[] = [];
  for (const a of input.activities) {
    if (isCancelled(a)) continue;
    const kind = reminderKindAt(a.startAt, input.now, policy);
    if (!kind) continue;
    for (const m of input.members) {
      const pair = `${a.id}:${m.id}`;
      if (!isExpectedMember(a, m) || excused.has(pair) || present.has(pair)) continue;
      if (sent.has(reminderKey(a.id, m.id, kind))) continue;
      wanted.push({ activityId: a.id, memberId: m.id, kind, startAt: a.startAt });
    }
  }
  // Soonest first, so a member with one credit hears about the meeting that comes first.
  wanted.sort(
    (x, y) =>
      x.startAt - y.startAt ||
      x.activityId.localeCompare(y.activityId) ||
      x.memberId.localeCompare(y.memberId),
  );
  const left = new Map<string, number>();
  const due: DueReminder[] = [];
  const noCredit: DueReminder[] = [];
  for (const r of wanted) {
    const n = left.get(r.memberId) ?? creditOf(input.credits[r.memberId], policy.templateKey);
    if (n > 0) {
      due.push(r);
      left.set(r.memberId, n - 1);
    } else {
      noCredit.push(r);
      left.set(r.memberId, 0);
    }
  }
  return { due, noCredit };
}

/** Secretary's view: expected members not on leave, split by whether a reminder can reach them. */
export function reachability(
  activity: ActivityFacts,
  members: readonly MemberFacts[],
  leaves: DueInput['leaves'],
  credits: Readonly<Record<string, TCredits>>,
  templateKey: TemplateKey = 'meetingReminder',
): { reachable: MemberFacts[]; unreachable: MemberFacts[] } {
  const audience = audienceOf(activity, members, leaves);
  return {
    reachable: audience.filter((m) => creditOf(credits[m.id], templateKey) > 0),
    unreachable: audience.filter((m) => creditOf(credits[m.id], templateKey) === 0),
  };
}

/**
 * "催一下" recipients: expected, not on approved leave, not checked in (approved or pending);
 * `send` holds a credit, `unreachable` does not (phone them). A cancelled activity nudges nobody.
 */
export function nudgeTargets(
  activity: ActivityFacts,
  members: readonly MemberFacts[],
  leaves: DueInput['leaves'],
  checkins: NonNullable<DueInput['checkins']>,
  credits: Readonly<Record<string, TCredits>>,
  templateKey: TemplateKey = 'meetingReminder',
): { send: MemberFacts[]; unreachable: MemberFacts[] } {
  if (isCancelled(activity)) return { send: [], unreachable: [] };
  const present = checkedIn(checkins);
  const missing = audienceOf(activity, members, leaves).filter((m) => !present.has(`${activity.id}:${m.id}`));
  return {
    send: missing.filter((m) => creditOf(credits[m.id], templateKey) > 0),
    unreachable: missing.filter((m) => creditOf(credits[m.id], templateKey) === 0),
  };
}

/**
 * Cancellation notices: everyone who was sent a reminder for the activity (any kind, once each),
 * while the activity has not ended; spent from the `meetingCancelled` credit.
 */
export function cancellationNotices(input: {
  activity: Pick<ActivityFacts, 'id' | 'status' | 'endAt'>;
  reminded: readonly { memberId: string }[];
  credits: Readonly<Record<string, TCredits>>;
  sent?: Iterable<string>;
  now: number;
  templateKey?: TemplateKey;
}): { due: string[]; noCredit: string[] } {
  const key = input.templateKey ?? 'meetingCancelled';
  if (!isCancelled(input.activity) || input.now >= input.activity.endAt) return { due: [], noCredit: [] };
  const sent = new Set(input.sent ?? []);
  const members = [...new Set(input.reminded.map((r) => r.memberId))].filter(
    (m) => !sent.has(reminderKey(input.activity.id, m, 'cancelled')),
  );
  return {
    due: members.filter((m) => creditOf(input.credits[m], key) > 0),
    noCredit: members.filter((m) => creditOf(input.credits[m], key) === 0),
  };
}
