import type { TMyRecord, TMyRecordsOutput } from '../../../types/checkin';
import type { MemberCaller } from '../../core/auth/caller';
import { getActivitiesByIds } from '../../core/repos/activities';
import { listMemberCheckins } from '../../core/repos/checkins';
import type { ActionContext } from '../../core/router';

const YEAR = 366 * 24 * 60 * 60_000;

/** My check-ins, newest first, with activity titles (default: the last year). */
export async function myRecords(
  range: { from?: number; to?: number },
  ctx: ActionContext<MemberCaller>,
): Promise<TMyRecordsOutput> {
  const me = ctx.caller.member;
  const from = range.from ?? ctx.now - YEAR;
  const to = range.to ?? ctx.now + YEAR;
  const records = await listMemberCheckins(me.id, from, to);
  const activities = new Map(
    (await getActivitiesByIds(records.map((r) => r.activityId))).map((a) => [a._id, a]),
  );
  return records.flatMap((r): TMyRecord[] => {
    const a = activities.get(r.activityId);
    if (!a) return [];
    const out: TMyRecord = {
      checkinId: r._id,
      activityId: r.activityId,
      activityTitle: a.title,
      activityType: a.type,
      startAt: a.startAt,
      at: r.at,
      status: r.status === 'revoked' ? 'rejected' : r.status,
      method: r.method,
      flags: [...(r.flags ?? [])],
    };
    if (r.reviewReason) out.reviewReason = r.reviewReason;
    if (r.checkedOutAt !== undefined) out.checkedOutAt = r.checkedOutAt;
    if (r.durationMin !== undefined) out.durationMin = r.durationMin;
    if (r.checkedOutAt !== undefined) out.durationVerified = r.durationVerified === true;
    return [out];
  });
}
