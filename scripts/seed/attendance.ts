/**
 * Demo data, attendance (issue 6): past meetings of a few branches with their check-ins, leave and
 * make-up requests, decisions with audit entries, and minutes — so the secretary's queue, roster,
 * dashboard and export show real numbers right after `npm start`. Written through the real SDK app
 * in the stored shapes of cloudfunctions/core/repos (activities, checkins, requests, minutes, audit).
 * Deterministic apart from `now`: the same meetings and outcomes on every run.
 *
 * Members are bound 30 days before the seed (./members.ts), so the meetings lie within the last four
 * weeks: a member is expected only at meetings that ended after they bound.
 *
 * br-neike (demo-sec-1) gets the full picture, including what waits in the queue: two out-of-fence
 * check-ins of yesterday's 党小组会, an unflagged pending one, a make-up request, and a leave request
 * for next week's 支部党员大会. br-zuzhi and the branches without meetings show the silent-branch warning.
 */
import { prng, type SeedContext } from './members';
import { seedSecret } from './secret';

type App = { database(): { collection(name: string): { add(data: unknown): Promise<unknown> } } };

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const SHANGHAI = 8 * HOUR;

type MeetingType =
  | 'branch_congress'
  | 'committee_meeting'
  | 'group_meeting'
  | 'party_lecture'
  | 'theme_day'
  | 'frontline_practice';

interface MeetingPlan {
  daysAgo: number;
  hour: number;
  type: MeetingType;
  title: string;
  place: string;
}

const PLANS: Record<string, MeetingPlan[]> = {
  'br-neike': [
    {
      daysAgo: 26,
      hour: 14,
      type: 'committee_meeting',
      title: '支委会：研究季度党建工作安排',
      place: '内科学教研室会议室',
    },
    {
      daysAgo: 20,
      hour: 15,
      type: 'branch_congress',
      title: '支部党员大会：党员民主评议',
      place: '门诊楼三楼示教室',
    },
    {
      daysAgo: 14,
      hour: 9,
      type: 'theme_day',
      title: '主题党日：社区义诊进万家',
      place: '东湖社区卫生服务中心',
    },
    {
      daysAgo: 9,
      hour: 16,
      type: 'party_lecture',
      title: '党课：弘扬医学人文精神',
      place: '临床技能中心报告厅',
    },
    {
      daysAgo: 4,
      hour: 14,
      type: 'committee_meeting',
      title: '支委会：教学查房质量提升',
      place: '内科学教研室会议室',
    },
    {
      daysAgo: 1,
      hour: 15,
      type: 'group_meeting',
      title: '党小组会：病房一线攻坚任务分工',
      place: '内科病区示教室',
    },
  ],
  'br-bingli': [
    {
      daysAgo: 25,
      hour: 14,
      type: 'committee_meeting',
      title: '支委会：实验室安全责任清单',
      place: '病理学实验室',
    },
    {
      daysAgo: 18,
      hour: 14,
      type: 'group_meeting',
      title: '党小组会：科研攻关项目推进',
      place: '病理学实验室',
    },
    {
      daysAgo: 11,
      hour: 15,
      type: 'party_lecture',
      title: '党课：科研诚信与作风建设',
      place: '基础医学楼报告厅',
    },
    {
      daysAgo: 3,
      hour: 10,
      type: 'frontline_practice',
      title: '一线实践：病理切片教学开放日',
      place: '病理学实验室',
    },
  ],
  'br-bk2023': [
    {
      daysAgo: 22,
      hour: 19,
      type: 'group_meeting',
      title: '党小组会：学习身边榜样',
      place: '学生活动中心 204',
    },
    { daysAgo: 8, hour: 19, type: 'theme_day', title: '主题党日：急救知识进校园', place: '临床技能中心' },
  ],
};

const LEAVE_REASONS = ['外出参加学术会议', '值夜班后补休', '门诊排班冲突', '参加规培考核', '家中有事'];
const MAKEUP_REASONS = ['到场后手机没电，未能扫码', '扫码时网络异常', '参加抢救迟到，会后补签'];

/** `daysAgo` days before `now`, at `hour`:00 Shanghai time. */
function shanghaiAt(now: number, daysAgo: number, hour: number): number {
  const dayStart = Math.floor((now + SHANGHAI) / DAY) * DAY - SHANGHAI;
  return dayStart - daysAgo * DAY + hour * HOUR;
}

function activityDoc(
  id: string,
  branchId: string,
  p: { type: MeetingType; title: string },
  startAt: number,
  by: string,
) {
  return {
    _id: id,
    branchId,
    type: p.type,
    title: p.title,
    siteId: null,
    startAt,
    endAt: startAt + 90 * MIN,
    status: 'scheduled',
    checkin: {
      proof: 'rotating',
      requireLocation: true,
      approval: 'risk',
      codePeriodSec: 15,
      checkOut: false,
    },
    secret: seedSecret(id),
    createdBy: by,
    createdAt: startAt - 7 * DAY,
    updatedAt: startAt - 7 * DAY,
  };
}

export interface SeedAttendanceResult {
  activities: number;
  checkins: number;
  requests: number;
  pending: number;
}

export async function seedAttendance(
  app: App,
  ctx: SeedContext,
  now = Date.now(),
): Promise<SeedAttendanceResult> {
  const db = app.database();
  const activities: object[] = [];
  const checkins: object[] = [];
  const requests: object[] = [];
  const minutes: object[] = [];
  const audit: object[] = [];
  let seq = 0;
  const auditId = () => `seed-audit-${String(++seq).padStart(5, '0')}`;
  /**
   * A leave / make-up request of `m`, asked at `asked`: pending, or approved by `decision` (a make-up
   * approval names the check-in it adds), with the audit entries requestLeave / requestMakeup and
   * the secretary's review append.
   */
  const addRequest = (
    kind: 'leave' | 'makeup',
    where: { rid: string; branchId: string; activityId: string },
    m: { id: string; name: string },
    reason: string,
    asked: number,
    decision?: { by: string; at: number; checkinId?: string },
  ) => {
    const { rid, branchId, activityId } = where;
    const made = decision?.checkinId ? { checkinId: decision.checkinId } : {};
    requests.push({
      _id: rid,
      kind,
      activityId,
      branchId,
      memberId: m.id,
      memberName: m.name,
      status: decision ? 'approved' : 'pending',
      reason,
      createdAt: asked,
      updatedAt: decision?.at ?? asked,
      ...(decision
        ? {
            decidedBy: decision.by,
            decidedAt: decision.at,
            ...(decision.checkinId ? made : { reviewReason: null }),
          }
        : {}),
    });
    audit.push({
      _id: auditId(),
      at: asked,
      actor: m.id,
      action: `request.${kind}`,
      targetType: kind,
      targetId: rid,
      branchId,
      activityId,
      after: { status: 'pending' },
      reason,
    });
    if (decision)
      audit.push({
        _id: auditId(),
        at: decision.at,
        actor: decision.by,
        action: 'review.approve',
        targetType: kind,
        targetId: rid,
        branchId,
        activityId,
        before: { status: 'pending' },
        after: { status: 'approved', ...made },
      });
  };
  let pending = 0;

  for (const [branchId, plans] of Object.entries(PLANS)) {
    const sec = ctx.secretaries.find((s) => s.branchId === branchId);
    if (!sec) continue;
    const members = ctx.members.filter((m) => m.branchId === branchId && m.status === 'active');
    const others = members.filter((m) => m.id !== sec.memberId);
    const rand = prng(branchId.length * 7919 + members.length);
    plans.forEach((p, i) => {
      const id = `seed-act-${branchId}-${i + 1}`;
      const startAt = shanghaiAt(now, p.daysAgo, p.hour);
      const closesAt = startAt + 30 * MIN;
      const latest = branchId === 'br-neike' && p.daysAgo === 1;
      activities.push(activityDoc(id, branchId, p, startAt, sec.memberId));
      let present = 0;
      const absentees: { memberId: string; name: string; kind: string; reason: string }[] = [];
      members.forEach((m, k) => {
        const cid = `${id}:${m.id}`;
        const at = startAt - 10 * MIN + Math.floor(rand() * 35 * MIN);
        const base = {
          _id: cid,
          activityId: id,
          memberId: m.id,
          branchId,
          memberName: m.name,
          flags: [] as string[],
          at,
          checkedInAt: at,
          nonce: `seed${seq}n${k}${i}`.padEnd(12, '0'),
          deviceId: `seed-device-${m.id}`,
          location: {
            lat: 30.5 + rand() / 1000,
            lng: 114.3 + rand() / 1000,
            accuracy: 10 + Math.round(rand() * 30),
          },
          createdAt: at,
          updatedAt: at,
        };
        // What waits for the secretary of br-neike: yesterday's meeting has undecided items.
        // (never the secretary's own record: nobody reviews their own)
        const o = others.indexOf(m);
        if (latest && o >= 0 && o < 3) {
          const flagged = o < 2;
          const distanceM = flagged ? 380 + o * 160 : 35;
          checkins.push({
            ...base,
            status: 'pending',
            method: 'rotating',
            flags: flagged ? ['outside_fence'] : [],
            location: { ...base.location, accuracy: flagged ? 65 : 15 },
            evidence: {
              distanceM,
              radiusM: 150,
              location: { accuracy: flagged ? 65 : 15 },
              deviceId: base.deviceId,
            },
          });
          pending++;
          return;
        }
        if (latest && o === 3) {
          const rid = `${id}:${m.id}:makeup:1`;
          addRequest('makeup', { rid, branchId, activityId: id }, m, MAKEUP_REASONS[0], closesAt + 3 * HOUR);
          absentees.push({ memberId: m.id, name: m.name, kind: 'pending', reason: '' });
          pending++;
          return;
        }
        const r = rand();
        if (m.id === sec.memberId || r < 0.74) {
          checkins.push({
            ...base,
            status: 'approved',
            method: rand() < 0.8 ? 'rotating' : 'site',
            evidence: { distanceM: Math.round(rand() * 80), radiusM: 150 },
          });
          present++;
        } else if (r < 0.84) {
          const rid = `${id}:${m.id}:leave:1`;
          const reason = LEAVE_REASONS[Math.floor(rand() * LEAVE_REASONS.length)];
          const asked = startAt - DAY - Math.floor(rand() * DAY);
          const decided = asked + 2 * HOUR;
          addRequest('leave', { rid, branchId, activityId: id }, m, reason, asked, {
            by: sec.memberId,
            at: decided,
          });
          absentees.push({ memberId: m.id, name: m.name, kind: 'leave', reason: `请假：${reason}` });
        } else if (r < 0.89) {
          const rid = `${id}:${m.id}:makeup:1`;
          const reason = MAKEUP_REASONS[Math.floor(rand() * MAKEUP_REASONS.length)];
          const asked = closesAt + 2 * HOUR;
          const decided = asked + 5 * HOUR;
          addRequest('makeup', { rid, branchId, activityId: id }, m, reason, asked, {
            by: sec.memberId,
            at: decided,
            checkinId: cid,
          });
          checkins.push({
            ...base,
            at: decided,
            checkedInAt: decided,
            nonce: null,
            deviceId: null,
            location: null,
            status: 'approved',
            method: 'makeup',
            evidence: { makeupRequestId: rid, reason },
            createdAt: decided,
            updatedAt: decided,
            decidedBy: sec.memberId,
            decidedAt: decided,
          });
          present++;
        } else if (r < 0.92) {
          const decided = startAt + 3 * HOUR;
          const reviewReason = '定位距会场 1.2 公里，且未到场';
          checkins.push({
            ...base,
            status: 'rejected',
            method: 'rotating',
            flags: ['outside_fence'],
            evidence: { distanceM: 1210, radiusM: 150 },
            decidedBy: sec.memberId,
            decidedAt: decided,
            reviewReason,
            updatedAt: decided,
          });
          audit.push({
            _id: auditId(),
            at: decided,
            actor: sec.memberId,
            action: 'review.reject',
            targetType: 'checkin',
            targetId: cid,
            branchId,
            activityId: id,
            before: { status: 'pending' },
            after: { status: 'rejected' },
            reason: reviewReason,
          });
          absentees.push({ memberId: m.id, name: m.name, kind: 'absent', reason: '未请假' });
        } else {
          absentees.push({ memberId: m.id, name: m.name, kind: 'absent', reason: '未请假' });
        }
      });
      // Minutes: complete for the older meetings, a draft for the latest ones.
      const complete = p.daysAgo >= 7;
      const at = startAt + 4 * HOUR;
      minutes.push({
        _id: id,
        activityId: id,
        branchId,
        status: complete ? 'complete' : 'draft',
        place: p.place,
        chair: ctx.members.find((m) => m.id === sec.memberId)?.name ?? sec.name,
        recorder: members.find((m) => m.id !== sec.memberId)?.name ?? null,
        firstTopic: complete ? '学习贯彻习近平总书记关于卫生健康工作的重要论述' : null,
        agenda: complete ? [p.title.split('：')[1] ?? p.title] : null,
        keyPoints: complete
          ? `围绕“${p.title.split('：')[1] ?? p.title}”逐项讨论，明确责任人和完成时限。到会 ${present} 人。`
          : null,
        decisions: complete ? '形成任务清单，下次会议检查落实情况。' : null,
        // ids and reasons only, as attendance.saveMinutes stores them (names come from the roster)
        absentees: absentees
          .filter((a) => a.kind === 'absent')
          .map((a) => ({ memberId: a.memberId, kind: a.kind, reason: a.reason })),
        completedAt: complete ? at : null,
        createdAt: at,
        updatedAt: at,
        updatedBy: sec.memberId,
      });
      audit.push({
        _id: auditId(),
        at,
        actor: sec.memberId,
        action: complete ? 'minutes.complete' : 'minutes.save',
        targetType: 'minutes',
        targetId: id,
        branchId,
        activityId: id,
        before: null,
        after: { status: complete ? 'complete' : 'draft' },
      });
    });
  }

  // Next week's 支部党员大会 of br-neike, with one leave request waiting.
  const neike = ctx.secretaries.find((s) => s.branchId === 'br-neike');
  const asker = ctx.members.find(
    (m) => m.branchId === 'br-neike' && m.status === 'active' && m.id !== neike?.memberId,
  );
  if (neike && asker) {
    const id = 'seed-act-br-neike-next';
    activities.push(
      activityDoc(
        id,
        'br-neike',
        { type: 'branch_congress', title: '支部党员大会：年度组织生活会' },
        shanghaiAt(now, -6, 14),
        neike.memberId,
      ),
    );
    const rid = `${id}:${asker.id}:leave:1`;
    addRequest(
      'leave',
      { rid, branchId: 'br-neike', activityId: id },
      asker,
      '当天在外院进修，无法返回',
      now - 2 * HOUR,
    );
    pending++;
  }

  for (const [name, docs] of [
    ['activities', activities],
    ['checkins', checkins],
    ['requests', requests],
    ['minutes', minutes],
    ['audit', audit],
  ] as const) {
    for (let i = 0; i < docs.length; i += 200) await db.collection(name).add(docs.slice(i, i + 200));
  }
  return { activities: activities.length, checkins: checkins.length, requests: requests.length, pending };
}
