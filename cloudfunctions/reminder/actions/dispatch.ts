import type { TDispatchOutput } from '../../../types/reminder';
import { DAY_MS } from '../../core/domain/attendance/calendar';
import {
  buildCancellationData,
  buildMeetingReminderData,
  cancellationNotices,
  dueReminders,
  messagePage,
  templateIdFor,
  templatesConfig,
} from '../../core/domain/reminder';
import { type ActivityDoc, activitiesStartingBetween } from '../../core/repos/activities';
import { creditsOfMembers } from '../../core/repos/credits';
import { isUnboundOpenid, membersByIds, type ReminderMemberRow } from '../../core/repos/members';
import { listActivityReminders, remindersOfKind } from '../../core/repos/reminders';
import { getSite, type SiteDoc } from '../../core/repos/sites';
import { logInfo } from '../../core/log';
import type { TimerContext } from '../../core/router';
import { activityFacts, memberFacts } from './common';
import { loadAudience } from '../../core/repos/read/reminder-audience';
import { deliver, SEND_CONCURRENCY, type Job } from './deliver';

/**
 * The `dispatch` timer (config.json: every 5 minutes). Flow and every rule: docs/reminders.md.
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

export async function dispatch(t: TimerContext): Promise<TDispatchOutput> {
  const now = t.now;
  const deadline = Date.now() + DISPATCH_TIMEOUT_SEC * 1000 - SAFETY_MARGIN_MS;
  const cfg = templatesConfig.templates;

  // 1. Reminders of activities starting within 24 h (status_startAt).
  const upcoming = await activitiesStartingBetween('scheduled', now + 1, now + DAY_MS);
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

  // 2. Cancellation notices to those who were reminded, while the activity has not ended.
  const cancelled = (
    await activitiesStartingBetween('cancelled', now - CANCELLED_LOOKBACK_MS, now + DAY_MS)
  ).filter((a) => a.endAt > now);
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
        page: messagePage(a._id, cfg.meetingReminder),
        data,
      });
    }
  }
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
        page: messagePage(a._id, cfg.meetingCancelled),
        data: buildCancellationData(
          activityFacts(a),
          a.siteId ? sites.get(a.siteId) : null,
          a.cancelReason ?? null,
        ),
      });
    }
  }

  const r = await deliver(jobs, now, deadline, SEND_CONCURRENCY, {
    requestId: t.requestId,
    action: 'dispatch',
  });
  const out: TDispatchOutput = {
    sent: r.sent,
    skipped: r.skipped + noCredit.length + cancelNoCredit + unaddressable,
    failed: r.failed,
  };
  if (r.deferred > 0) out.deferred = r.deferred;
  logInfo({
    requestId: t.requestId,
    fn: t.fn,
    trigger: t.trigger,
    upcoming: upcoming.length,
    cancelled: cancelled.length,
    due: due.length,
    notices: notices.length,
    sent: r.sent,
    skipped: out.skipped,
    failed: r.failed,
    refused43101: r.refused,
    deferred: r.deferred,
  });
  return out;
}
