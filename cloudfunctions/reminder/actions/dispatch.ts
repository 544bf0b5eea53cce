import type { TDispatchOutput } from '../../../types/reminder';
import { DAY_MS } from '../../core/domain/attendance/calendar';
import {
  buildCancellationData,
  buildMeetingReminderData,
  cancellationNotices,
  dueReminders,
  messagePage,
  reminderKindAt,
  templateIdFor,
  templatesConfig,
} from '../../core/domain/reminder';
import {
  type ActivityDoc,
  activityHeadsStartingBetween,
  getActivitiesByIds,
} from '../../core/repos/activities';
import { doneRoundsSince, markRoundsDone, roundId } from '../../core/repos/reminder-rounds';
import { creditsOfMembers } from '../../core/repos/credits';
import {
  countMembers,
  isUnboundOpenid,
  membersByIds,
  type ReminderMemberRow,
} from '../../core/repos/members';
import { listActivityReminders, remindersOfKind } from '../../core/repos/reminders';
import { getSite, type SiteDoc } from '../../core/repos/sites';
import { logError, logInfo } from '../../core/log';
import type { TimerContext } from '../../core/router';
import { activityFacts, memberFacts } from './common';
import { loadAudience } from '../../core/repos/read/reminder-audience';
import { deliver, newPace, SEND_CONCURRENCY, type DeliverResult, type Job, type Pace } from './deliver';

/**
 * The `dispatch` timer (config.json: every minute). Flow and every rule: docs/reminders.md.
 *
 * `DISPATCH_TIMEOUT_SEC` must equal config.json `timeout` (a test checks it); a run stops starting
 * new sends `SAFETY_MARGIN_MS` before it, leaving the rest to the next run.
 */
export const DISPATCH_TIMEOUT_SEC = 60;
export const SAFETY_MARGIN_MS = 10_000;

/** Cancelled activities that may still owe notices: started at most this long ago (and not ended). */
const CANCELLED_LOOKBACK_MS = 2 * DAY_MS;

async function sitesOf(activities: readonly ActivityDoc[]): Promise<Map<string, SiteDoc | null>> {
  const ids = [...new Set(activities.map((a) => a.siteId).filter((s): s is string => !!s))];
  const sites = await Promise.all(ids.map((id) => getSite(id)));
  return new Map(ids.map((id, i) => [id, sites[i]]));
}

function reachable(m: ReminderMemberRow | undefined): m is ReminderMemberRow {
  return !!m && typeof m.openid === 'string' && m.openid !== '' && !isUnboundOpenid(m.openid);
}

/**
 * Rounds (activity × kind) a run takes up at most: with the done-records (repos/reminder-rounds.ts)
 * a run reads the heads of the next 24 h's meetings and the done-records, then the audiences of at
 * most this many rounds, `ROUND_SLICE` at a time while its time lasts — whatever the day holds. The
 * rest waits for the next run (a minute later). `APP_REMINDER_ROUNDS_PER_RUN` overrides it (tests).
 */
export const ROUNDS_PER_RUN = 400;
const ROUND_SLICE = 25;
/**
 * A slice also holds at most this many expected members (a round of a 1,000-member branch is 1,000
 * reminders): what a slice reads — audience, leaves, check-ins, credits, rows — stays a few requests
 * of bounded size whatever the branches hold, and the run stops between slices when its time is up.
 */
export const SLICE_MEMBERS = 3000;
/** Past the deadline a batch in flight may still finish its sends until this much later. */
const HARD_STOP_GRACE_MS = 7_000;

/** `APP_REMINDER_SLICE_MEMBERS` overrides SLICE_MEMBERS (tests: several slices with small branches). */
function sliceMembers(): number {
  const n = Number(process.env.APP_REMINDER_SLICE_MEMBERS);
  return Number.isInteger(n) && n > 0 ? n : SLICE_MEMBERS;
}

function roundsPerRun(): number {
  const n = Number(process.env.APP_REMINDER_ROUNDS_PER_RUN);
  return Number.isInteger(n) && n > 0 ? n : ROUNDS_PER_RUN;
}

interface Tally {
  sent: number;
  skipped: number;
  failed: number;
  deferred: number;
  refused: number;
  /** rounds owed but not taken up by this run (the next run does) */
  roundsLeft: number;
  rounds: number;
  /** wall time reading what is owed (audiences, rows) and delivering, for the log line */
  readMs: number;
  sendMs: number;
  /** the longest slice read so far: a slice starts only if it and one batch fit before the deadline */
  longestReadMs: number;
  /** slices that failed on a database error (their rounds are left for the next run) */
  errors: number;
}

/** What every slice of one run shares: the timer call, when to stop starting sends, the counts. */
interface Run {
  t: TimerContext;
  deadline: number;
  tally: Tally;
  /** the run's batch pace and hard stop (deliver.ts) */
  pace: Pace;
}

/** One slice of meeting-reminder rounds: audience, due reminders, delivery; done-records if complete. */
async function remindSlice(
  heads: readonly { _id: string; startAt: number; kind: 'day_before' | 'hour_before' }[],
  docs: readonly ActivityDoc[],
  run: Run,
): Promise<void> {
  const now = run.t.now;
  const t0 = Date.now();
  const wanted = new Set(heads.map((h) => h._id));
  const upcoming = docs.filter((a) => wanted.has(a._id) && a.status === 'scheduled');
  const audience = await loadAudience(upcoming);
  const upcomingIds = upcoming.map((a) => a._id);
  const [dayRows, hourRows] = await Promise.all([
    remindersOfKind(upcomingIds, 'day_before'),
    remindersOfKind(upcomingIds, 'hour_before'),
  ]);
  const { due, noCredit } = dueReminders({
    activities: upcoming.map(activityFacts),
    members: audience.members.map(memberFacts),
    leaves: audience.leaves,
    checkins: audience.checkins,
    credits: audience.credits,
    sent: [...dayRows, ...hourRows].map((r) => r._id),
    now,
  });
  const jobs: Job[] = [];
  let unaddressable = 0;
  if (due.length > 0) {
    const templateId = templateIdFor('meetingReminder');
    const byId = new Map(upcoming.map((a) => [a._id, a]));
    const sites = await sitesOf(upcoming);
    const dataOf = new Map<string, ReturnType<typeof buildMeetingReminderData>>();
    for (const r of due) {
      const a = byId.get(r.activityId)!;
      const m = audience.byId.get(r.memberId);
      if (!reachable(m)) {
        unaddressable++;
        continue;
      }
      const dk = `${a._id}:${r.kind}`;
      let data = dataOf.get(dk);
      if (!data) {
        data = buildMeetingReminderData(activityFacts(a), a.siteId ? sites.get(a.siteId) : null, r.kind);
        dataOf.set(dk, data);
      }
      jobs.push({
        claim: {
          activityId: a._id,
          memberId: m._id,
          branchId: a.branchId,
          kind: r.kind,
          templateKey: 'meetingReminder',
        },
        touser: m.openid,
        templateId,
        page: messagePage(a._id, templatesConfig.templates.meetingReminder),
        data,
      });
    }
  }
  run.tally.longestReadMs = Math.max(run.tally.longestReadMs, Date.now() - t0);
  run.tally.readMs += Date.now() - t0;
  // every reminder these rounds owed went through: later runs skip them without reading anything
  await deliverSlice(
    jobs,
    run,
    noCredit.length + unaddressable,
    heads.map((h) => ({ activityId: h._id, kind: h.kind, startAt: h.startAt })),
  );
}

/** One slice of cancelled activities: notices to those who were reminded; done-records if complete. */
async function noticeSlice(heads: readonly { _id: string; startAt: number }[], run: Run): Promise<void> {
  const now = run.t.now;
  const cancelled = await activitiesOf(heads, 'cancelled');
  const notices: { activity: ActivityDoc; memberId: string }[] = [];
  let cancelNoCredit = 0;
  for (const a of cancelled) {
    const rows = await listActivityReminders(a._id);
    // `claimed`/`unknown`: the message may have gone out (a run died before recording it, or WeChat
    // never answered) — better one notice too many than a member walking to a cancelled meeting.
    const reminded = rows.filter(
      (r) =>
        r.kind !== 'cancelled' && (r.status === 'sent' || r.status === 'claimed' || r.status === 'unknown'),
    );
    if (reminded.length === 0) continue;
    const credits = await creditsOfMembers(
      reminded.map((r) => r.memberId),
      'meetingCancelled',
    );
    const n = cancellationNotices({
      activity: { id: a._id, status: a.status, endAt: a.endAt },
      reminded,
      credits,
      sent: rows.filter((r) => r.kind === 'cancelled').map((r) => r._id),
      now,
    });
    cancelNoCredit += n.noCredit.length;
    for (const memberId of n.due) notices.push({ activity: a, memberId });
  }
  const jobs: Job[] = [];
  let unaddressable = 0;
  if (notices.length > 0) {
    const templateId = templateIdFor('meetingCancelled');
    const members = new Map((await membersByIds(notices.map((n) => n.memberId))).map((m) => [m._id, m]));
    const sites = await sitesOf(cancelled);
    for (const { activity: a, memberId } of notices) {
      const m = members.get(memberId);
      if (!reachable(m)) {
        unaddressable++;
        continue;
      }
      jobs.push({
        claim: {
          activityId: a._id,
          memberId,
          branchId: a.branchId,
          kind: 'cancelled',
          templateKey: 'meetingCancelled',
        },
        touser: m.openid,
        templateId,
        page: messagePage(a._id, templatesConfig.templates.meetingCancelled),
        data: buildCancellationData(
          activityFacts(a),
          a.siteId ? sites.get(a.siteId) : null,
          a.cancelReason ?? null,
        ),
      });
    }
  }
  // a meeting cancelled after this mark has reminded nobody since (nothing is sent for it any more)
  await deliverSlice(
    jobs,
    run,
    cancelNoCredit + unaddressable,
    heads.map((h) => ({ activityId: h._id, kind: 'cancelled' as const, startAt: h.startAt })),
  );
}

/** The activities of a slice's heads still in `status` (a head read earlier may have moved on). */
async function activitiesOf(
  heads: readonly { _id: string }[],
  status: ActivityDoc['status'],
): Promise<ActivityDoc[]> {
  return (await getActivitiesByIds(heads.map((h) => h._id))).filter((a) => a.status === status);
}

/**
 * Sends a slice's jobs and adds the outcome (and `skipped`, those never sent) to the tally; when
 * nothing was deferred or errored, every round of the slice is done: it is marked, so later runs
 * skip it without reading anything.
 */
async function deliverSlice(
  jobs: Job[],
  { t, deadline, tally, pace }: Run,
  skipped: number,
  rounds: Parameters<typeof markRoundsDone>[0],
): Promise<void> {
  const t1 = Date.now();
  const r = await deliver(
    jobs,
    t.now,
    deadline,
    SEND_CONCURRENCY,
    { requestId: t.requestId, action: 'dispatch' },
    pace,
  );
  tally.sendMs += Date.now() - t1;
  add(tally, r, skipped);
  if (r.deferred === 0 && r.errored === 0) await markRoundsDone(rounds, t.now);
}

function add(tally: Tally, r: DeliverResult, skipped: number): void {
  tally.sent += r.sent;
  tally.skipped += r.skipped + skipped;
  tally.failed += r.failed;
  tally.deferred += r.deferred;
  tally.refused += r.refused;
}

/**
 * The first rounds of `candidates` whose expected members add up to at most SLICE_MEMBERS (at least
 * one round): an invitation list's length, or the branch's active members (counted on the server,
 * once per branch and run).
 */
async function sliceOfMembers<H extends { _id: string }>(
  candidates: readonly H[],
  docs: readonly ActivityDoc[],
  sizes: Map<string, number>,
): Promise<H[]> {
  const byId = new Map(docs.map((a) => [a._id, a]));
  const branches = [
    ...new Set(
      candidates
        .map((h) => byId.get(h._id))
        .filter((a): a is ActivityDoc => !!a && !a.expectedMemberIds && !sizes.has(a.branchId))
        .map((a) => a.branchId),
    ),
  ];
  const counted = await Promise.all(branches.map((b) => countMembers(b, 'active')));
  branches.forEach((b, k) => sizes.set(b, counted[k]));
  const out: H[] = [];
  const limit = sliceMembers();
  let members = 0;
  for (const h of candidates) {
    const a = byId.get(h._id);
    const n = !a ? 0 : a.expectedMemberIds ? a.expectedMemberIds.length : (sizes.get(a.branchId) ?? 0);
    if (out.length > 0 && members + n > limit) break;
    out.push(h);
    members += n;
  }
  return out;
}

export async function dispatch(t: TimerContext): Promise<TDispatchOutput> {
  const now = t.now;
  const deadline = Date.now() + DISPATCH_TIMEOUT_SEC * 1000 - SAFETY_MARGIN_MS;

  // 1. What is owed: the heads (id, start, end) of the activities starting within 24 h and of the
  //    cancelled ones that may still owe notices, minus the rounds already done.
  const [upcoming, cancelledHeads, done] = await Promise.all([
    activityHeadsStartingBetween('scheduled', now + 1, now + DAY_MS),
    activityHeadsStartingBetween('cancelled', now - CANCELLED_LOOKBACK_MS, now + DAY_MS),
    doneRoundsSince(now - CANCELLED_LOOKBACK_MS),
  ]);
  const owed: { _id: string; startAt: number; kind: 'day_before' | 'hour_before' }[] = [];
  for (const a of upcoming) {
    const kind = reminderKindAt(a.startAt, now);
    if (kind && !done.has(roundId(a._id, kind))) owed.push({ _id: a._id, startAt: a.startAt, kind });
  }
  // soonest first: an hour-before round never waits behind tomorrow's
  owed.sort((x, y) => x.startAt - y.startAt || x._id.localeCompare(y._id));
  const notices = cancelledHeads.filter((a) => a.endAt > now && !done.has(roundId(a._id, 'cancelled')));

  // 2. At most roundsPerRun() rounds, a slice at a time while the time lasts; cancellations first
  //    (a member must not walk to a cancelled meeting). A slice starts only if its read and one batch
  //    (the longest seen so far) fit before the deadline; a slice that fails on a database error
  //    ends the run (the next run takes its rounds up again).
  const tally: Tally = {
    sent: 0,
    skipped: 0,
    failed: 0,
    deferred: 0,
    refused: 0,
    roundsLeft: 0,
    rounds: 0,
    readMs: 0,
    sendMs: 0,
    longestReadMs: 0,
    errors: 0,
  };
  const run: Run = { t, deadline, tally, pace: newPace(deadline, HARD_STOP_GRACE_MS) };
  let budget = roundsPerRun();
  const room = () =>
    tally.errors === 0 && budget > 0 && Date.now() + tally.longestReadMs + run.pace.longestBatchMs < deadline;
  const guarded = async (step: () => Promise<void>): Promise<void> => {
    try {
      await step();
    } catch (err) {
      tally.errors++;
      logError({ requestId: t.requestId, fn: t.fn, action: 'dispatch' }, err);
    }
  };

  let i = 0;
  while (i < notices.length && room()) {
    const slice = notices.slice(i, i + Math.min(ROUND_SLICE, budget));
    await guarded(() => noticeSlice(slice, run));
    if (tally.errors > 0) break;
    i += slice.length;
    budget -= slice.length;
    tally.rounds += slice.length;
  }
  tally.roundsLeft += notices.length - i;

  const sizes = new Map<string, number>();
  i = 0;
  while (i < owed.length && room()) {
    const candidates = owed.slice(i, i + Math.min(ROUND_SLICE, budget));
    await guarded(async () => {
      const docs = await getActivitiesByIds(candidates.map((h) => h._id));
      const take = await sliceOfMembers(candidates, docs, sizes);
      await remindSlice(take, docs, run);
      i += take.length;
      budget -= take.length;
      tally.rounds += take.length;
    });
  }
  tally.roundsLeft += owed.length - i;

  const out: TDispatchOutput = { sent: tally.sent, skipped: tally.skipped, failed: tally.failed };
  if (tally.deferred > 0) out.deferred = tally.deferred;
  if (tally.roundsLeft > 0) out.roundsLeft = tally.roundsLeft;
  logInfo({
    requestId: t.requestId,
    fn: t.fn,
    trigger: t.trigger,
    upcoming: upcoming.length,
    cancelled: cancelledHeads.length,
    done: done.size,
    rounds: tally.rounds,
    roundsLeft: tally.roundsLeft,
    sent: tally.sent,
    skipped: tally.skipped,
    failed: tally.failed,
    refused43101: tally.refused,
    deferred: tally.deferred,
    readMs: tally.readMs,
    sendMs: tally.sendMs,
    longestBatchMs: run.pace.longestBatchMs,
    claimSize: run.pace.claimSize,
    claimShrunk: run.pace.shrunk,
    errors: tally.errors,
  });
  return out;
}
