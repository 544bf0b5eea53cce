import type { TNudgeInput, TNudgeOutput } from '../../../types/reminder';
import { actorId } from '../../core/auth/caller';
import { HOUR_MS } from '../../core/domain/attendance/calendar';
import {
  buildMeetingReminderData,
  canNudge,
  DEFAULT_NUDGE_POLICY,
  messagePage,
  nudgeTargets,
  templateIdFor,
  templatesConfig,
} from '../../core/domain/reminder';
import { DomainError } from '../../core/errors';
import { appendAudit } from '../../core/repos/audit';
import { runTransaction } from '../../core/repos/db';
import { nextNudgeRoundTx } from '../../core/repos/throttles';
import { getSite } from '../../core/repos/sites';
import type { ActionContext } from '../../core/router';
import { activityFacts, memberFacts, requireActivity } from './common';
import { loadAudience } from '../../core/repos/read/reminder-audience';
import { DISPATCH_TIMEOUT_SEC, SAFETY_MARGIN_MS } from './dispatch';
import { deliver, SEND_CONCURRENCY, type Job } from './deliver';

/** "催一下" is for the meeting at hand: from 60 minutes before the start until the end. */
export const NUDGE_OPENS_BEFORE_MS = HOUR_MS;

/**
 * "催一下": remind expected members who have not checked in (domain nudgeTargets), at most once per
 * 30 minutes per activity (canNudge; the round is taken in a transaction, so two secretaries
 * tapping together get one round and one RATE_LIMITED). Each round is its own reminder kind
 * (`nudge:<round>`), claimed like any reminder: at most one message per member per round.
 */
export async function nudge(input: TNudgeInput, ctx: ActionContext): Promise<TNudgeOutput> {
  const a = await requireActivity(input.activityId);
  if (a.status === 'cancelled') throw new DomainError('ACTIVITY_CANCELLED', 'the activity is cancelled');
  if (ctx.now < a.startAt - NUDGE_OPENS_BEFORE_MS || ctx.now >= a.endAt) {
    throw new DomainError(
      'OUTSIDE_WINDOW',
      'nudging is open from 60 minutes before the start until the end',
      {
        opensAt: a.startAt - NUDGE_OPENS_BEFORE_MS,
        closesAt: a.endAt,
      },
    );
  }
  const templateId = templateIdFor('meetingReminder');
  const data = await loadAudience([a]);
  const targets = nudgeTargets(
    activityFacts(a),
    data.members.map(memberFacts),
    data.leaves,
    data.checkins,
    data.credits,
  );

  const round = await runTransaction(async (tx) => {
    const r = await nextNudgeRoundTx(
      tx,
      a._id,
      ctx.now,
      (lastAt) => {
        const d = canNudge(lastAt, ctx.now);
        if (!d.ok) throw new DomainError(d.code, d.message, d.details);
      },
      DEFAULT_NUDGE_POLICY.intervalMs,
    );
    await appendAudit(
      {
        actor: actorId(ctx.caller),
        action: 'reminder.nudge',
        targetType: 'activity',
        targetId: a._id,
        branchId: a.branchId,
        activityId: a._id,
        after: { round: r, reachable: targets.send.length, unreachable: targets.unreachable.length },
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
    return r;
  });

  const site = a.siteId ? await getSite(a.siteId) : null;
  const msg = buildMeetingReminderData(activityFacts(a), site, 'nudge');
  const page = messagePage(a._id, templatesConfig.templates.meetingReminder);
  const jobs: Job[] = targets.send.flatMap((t) => {
    const m = data.byId.get(t.id);
    if (!m?.openid) return [];
    return [
      {
        claim: {
          activityId: a._id,
          memberId: m._id,
          branchId: a.branchId,
          kind: `nudge:${round}`,
          templateKey: 'meetingReminder' as const,
          by: actorId(ctx.caller),
        },
        touser: m.openid,
        templateId,
        page,
        data: msg,
      },
    ];
  });
  const deadline = Date.now() + DISPATCH_TIMEOUT_SEC * 1000 - SAFETY_MARGIN_MS;
  const r = await deliver(jobs, ctx.now, deadline, SEND_CONCURRENCY, {
    requestId: ctx.requestId,
    action: 'nudge',
  });
  return { sent: r.sent, unreachable: targets.unreachable.length };
}
